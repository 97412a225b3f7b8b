"""Reading what goes in: templates found and their questions, answers files, the profile, YAML."""
