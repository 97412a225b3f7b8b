"""Names of countries and organisations as statements write them, in English and French.

Babel's territory names (the CLDR's, in both languages) and the few official forms and abbreviations
delegations use of themselves that the CLDR does not have ("the Russian Federation", "the UK", "U.S.",
"la Fédération de Russie"). A name found in a text is given back as a sentence names the delegation:
English with "the" where the country takes it ("the United States"), French with its article
("la France", "le Canada", "l’Albanie").
"""

from __future__ import annotations

import re
from functools import lru_cache

# Official and short forms the CLDR leaves out, by language: the form as written → the name's key form.
_ALIASES = {
    "en": (
        "United States of America",
        "U.S.",
        "USA",
        "US",
        "UK",
        "Great Britain",
        "Russian Federation",
        "Republic of Korea",
        "Democratic People’s Republic of Korea",
        "DPRK",
        "Holy See",
        "State of Palestine",
        "European Union",
        "EU",
        "Kingdom of the Netherlands",
        "Viet Nam",
        "Czech Republic",
        "Turkey",
        "Republic of Moldova",
        "Syrian Arab Republic",
        "Islamic Republic of Iran",
        "United Republic of Tanzania",
        "Lao People’s Democratic Republic",
        "Bolivarian Republic of Venezuela",
        "Plurinational State of Bolivia",
        "Democratic Republic of the Congo",
        "Republic of the Congo",
        "Ivory Coast",
        "Benelux",
    ),
    "fr": (
        "États-Unis d’Amérique",
        "Fédération de Russie",
        "République de Corée",
        "Saint-Siège",
        "État de Palestine",
        "Union européenne",
        "UE",
        "Royaume des Pays-Bas",
        "Viet Nam",
        "République tchèque",
        "République de Moldova",
        "République arabe syrienne",
        "République islamique d’Iran",
        "République démocratique du Congo",
    ),
}
# English names that take "the" in a sentence.
_THE = re.compile(
    r"^(United|Russian|Republic|Democratic|Kingdom|Holy|European|Czech|Syrian|Islamic|Lao|Bolivarian"
    r"|Plurinational|State of|Netherlands|Philippines|Gambia|Bahamas|Comoros|Maldives|Marshall|Solomon|UK|US$|EU$"
    r"|U\.S\.|USA|DPRK|Central African|Dominican Republic|Sudan$|Ivory)",
)
_FEMININE_FR = re.compile(r"e$|^(Union|République|Fédération|Grèce)")
_PLURAL_FR = re.compile(r"^(États-Unis|Pays-Bas|Philippines|Comores|Maldives|Seychelles|Émirats|Bahamas|Fidji|Îles)")
_MASCULINE_E_FR = ("Mexique", "Cambodge", "Mozambique", "Zimbabwe", "Belize", "Suriname", "Royaume-Uni")
_FR_ARTICLE = re.compile(r"^(la |le |les |l’|l')", re.IGNORECASE)


@lru_cache(maxsize=4)
def country_names(language: str) -> tuple[str, ...]:
    """Every name of the language, longest first."""
    from babel import Locale

    try:
        territories = dict(Locale(language).territories)
    except (ValueError, TypeError):
        territories = {}
    names = {str(name) for code, name in territories.items() if str(code).isalpha() and " - " not in str(name)}
    names |= set(_ALIASES.get(language, ()))
    names |= {n.replace("’", "'") for n in names}
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=4)
def name_pattern(language: str) -> re.Pattern[str]:
    """A name of the language, with the article a sentence puts before it."""
    names = "|".join(re.escape(n) for n in country_names(language))
    article = r"(?:[Tt]he )?" if language != "fr" else r"(?:[Ll]a |[Ll]e |[Ll]es |[Ll][’'])?"
    return re.compile(rf"(?<![\w’'-])(?P<article>{article})(?P<name>{names})(?![\w-])")


def as_delegation(name: str, written_article: str, language: str) -> str:
    """The name as a sentence names the delegation: "the United States", "la France", "le Canada"."""
    if language == "fr":
        if written_article:
            article = written_article.strip().lower()
            return f"{article}{'' if article.endswith(('’', chr(39))) else ' '}{name}"
        return f"{_french_article(name)}{name}"
    if name in ("U.S.", "US", "USA", "United States of America"):
        return "the United States"
    return f"the {name}" if written_article or _THE.match(name) else name


def _french_article(name: str) -> str:
    if _PLURAL_FR.match(name):
        return "les "
    if name[:1] in "AEIOUÉÈÎÏÔYaeiouéèîïôy":
        return "l’"
    if _FEMININE_FR.search(name) and name not in _MASCULINE_E_FR:
        return "la "
    return "le "


def french_after(contraction: str) -> str:
    """The article a French contraction stands for ("du" → "le ", "des" → "les ", "de la" → "la ")."""
    table = {"du": "le ", "des": "les ", "de la": "la ", "de l’": "l’", "de l'": "l’", "au": "le ", "aux": "les "}
    return table.get(contraction.lower(), "")


def bare(name: str) -> str:
    """The name without its article, folded, to compare names."""
    name = re.sub(r"^(the )", "", name.strip(), flags=re.IGNORECASE)
    return _FR_ARTICLE.sub("", name).casefold()
