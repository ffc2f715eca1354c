"""A rendered document's messages: what they must satisfy before it is typeset (in each of its
languages), and which of them a typesetting problem comes from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..config import Config, ProductConfig
from ..errors import CatalogueError, GuideError
from .plan import Job

if TYPE_CHECKING:
    from ..messages import Translator
    from ..render import Document


def check_policy(config: Config, job: Job, doc: Document) -> None:
    """Refuse a document that prints safety information untranslated, too little translated, or with
    what ``guide check`` calls an error, in its reader's language or in its second one."""
    from ..messages import gate  # lazy: Babel's catalogues (0.3 s), only when a document is rendered

    product = config.products[job.product]
    check_translated(config, job.locale, product, doc.translator)
    gate(config, job.locale, doc.translator, job.what)
    if job.also and doc.also is not None:
        check_translated(config, job.also, product, doc.also.translator)
        gate(config, job.also, doc.also.translator, job.what)


def check_translated(config: Config, code: str, product: ProductConfig, translator: Translator) -> None:
    """Refuse a document that would print safety information untranslated, or too little translated."""
    path = config.po_path(code)
    critical = list(translator.critical_fallbacks)
    if critical:
        names = ", ".join(context or msgid for context, msgid in critical[:3]) + (" ..." if len(critical) > 3 else "")
        raise CatalogueError(
            f"{code} {product.name} not built: {len(critical)} safety-critical message(s) "
            f"untranslated or fuzzy: {names}",
            path=path,
            line=translator.line_of(critical[0]),
            hint="translate them (guide check lists them), then build again",
        )
    share = translator.share_translated
    if share < product.min_translated:
        raise CatalogueError(
            f"{code} {product.name} not built: {share:.0f}% of its messages are translated, "
            f"the minimum is {product.min_translated:.0f}%",
            path=path,
            hint=f"translate more, or lower products.{product.name}.min_translated in guide.toml",
        )


def name_the_message(error: GuideError, doc: Document) -> GuideError:
    """Text that runs off the page: name the message it comes from, and its catalogue line."""
    from ..typeset import OVERFLOW  # lazy: see workers.typeset_task

    if OVERFLOW not in error.message:
        return error
    snippet = " ".join(error.message.split(": ", 2)[-1].strip("'\"").split())[:20]
    for printed in _printed_messages(doc):
        if snippet and snippet in " ".join(printed.text.split()):
            message = f"{error.message} [{printed.name}]"
            return error.but(message=message, path=printed.catalogue or error.path, line=printed.line or error.line)
    return error


class _Printed(NamedTuple):
    name: str  # its context, or the start of its msgid
    text: str  # as printed: the translation, or the source
    catalogue: Path | None  # where the translation is; None for the source
    line: int | None


def _printed_messages(doc: Document) -> list[_Printed]:
    """Every message a document printed, for error messages."""
    found = []
    for document in (doc, doc.also):
        if document is None:
            continue
        catalogue = document.translator.catalogue
        for context, msgid in document.translator.used:
            message = catalogue.entries.get((context, msgid)) if catalogue else None
            if catalogue and message and message.translated:
                found.append(_Printed(context or msgid[:40], message.msgstr, catalogue.path, message.line))
            else:
                found.append(_Printed(context or msgid[:40], msgid, None, None))
    return found
