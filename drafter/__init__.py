"""drafter: draft the statements delegations deliver in multilateral meetings."""

__version__ = "0.1.0"
