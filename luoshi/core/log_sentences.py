"""An action-log entry as a sentence: 王丽 退回了进展报告「1 农村公路 · 2026年11月」：请补充….

Who (the person's full name, 系统 when no one signed in did it), the verb as a phrase
(`luoshi.core.action_verbs.VERB_PHRASES`, else by its last word: 新建了, 修改了…), the thing by
its kind and the name the entry recorded (`target_repr`: the name at the time, even if the
object was renamed or deleted since), and the note or reason the entry carries. A verb without
a phrase reads "<who> <label>：<name>". The sentence forms are translatable patterns, so another
language can order the words its own way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from luoshi.core.action_verbs import VerbPhrase, verb_label, verb_phrase
from luoshi.core.log_changes import change_rows, related_names, target_model
from luoshi.core.models import ActionLog

# The keys an entry's `after` holds a person's words in (why it was returned, what was
# answered), the first one written being the sentence's note.
NOTE_KEYS = (
    "note",
    "return_reason",
    "reason",
    "review_note",
    "decision_note",
    "reply",
    "answer",
    "resolution",
)
MAX_NOTE_LENGTH = 140


@dataclass(frozen=True)
class LogSentence:
    """The parts of the sentence and the pattern that joins them (see `sentence_of`);
    `unnamed`: the pattern without the thing's name, for the thing's own page (its 变更记录
    need not repeat its name on every line)."""

    pattern: str
    subject: str
    username: str = ""
    verb: str = ""
    thing: str = ""
    name: str = ""
    tail: str = ""
    note: str = ""
    unnamed: str = ""

    def _parts(self) -> dict[str, str]:
        return {
            "subject": self.subject,
            "verb": self.verb,
            "label": self.verb,
            "thing": self.thing,
            "name": self.name,
            "tail": self.tail,
        }

    def text(self) -> str:
        """The sentence as plain text (exports)."""
        sentence = self.pattern.format(**self._parts())
        if self.note:
            return gettext("{sentence}：{note}").format(sentence=sentence, note=self.note)
        return sentence

    def html(self, person_url: str = "", *, named: bool = True) -> SafeString:
        """The sentence as HTML: who in bold (a link to their entries when `person_url` is
        given and the actor is a person), the thing's name (unless not `named`) and the note
        marked for styling."""
        parts = self._parts()
        if person_url and self.username:
            subject = format_html(
                '<a class="log-who" href="{}">{}</a>',
                person_url + quote(self.username),
                self.subject,
            )
        else:
            subject = format_html('<b class="log-who">{}</b>', self.subject)
        marked = {
            **parts,
            "subject": subject,
            "name": format_html('<span class="log-what">{}</span>', self.name),
        }
        pattern = self.pattern if named or not self.unnamed else self.unnamed
        sentence = format_html(pattern, **marked)
        if not self.note:
            return sentence
        return format_html(
            gettext("{sentence}：{note}"),
            sentence=sentence,
            note=format_html('<span class="log-note">{}</span>', self.note),
        )

    def __str__(self) -> str:
        return self.text()


def note_of(entry: ActionLog) -> str:
    """The words a person wrote with the action (a reason, a reply), shortened."""
    after = entry.after if isinstance(entry.after, dict) else {}
    for key in NOTE_KEYS:
        value = after.get(key)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            if len(text) > MAX_NOTE_LENGTH:
                text = text[: MAX_NOTE_LENGTH - 1] + "…"
            return text
    return ""


def _who(entry: ActionLog, phrase: VerbPhrase | None) -> tuple[str, str]:
    """(name, username) of who did it: the signed-in person, else the phrase's `nobody`
    (公众) or 系统; for a failed sign-in the account (or the name typed) that tried."""
    if phrase is not None and phrase.subject_is_target:
        after = entry.after if isinstance(entry.after, dict) else {}
        typed = after.get("username")
        name = entry.target_repr or (typed if isinstance(typed, str) else "")
        return (name or gettext("未知用户"), "")
    actor = entry.actor
    if actor is None:
        nobody = phrase.nobody if phrase is not None else None
        return (str(nobody) if nobody is not None else gettext("系统"), "")
    return (actor.display_name, actor.get_username())


def _mid_sentence(name: str) -> str:
    """A model's name inside a sentence: English names are capitalised for headings
    ("Progress report") and read "returned progress report" mid-sentence; acronyms ("API
    token") and Chinese stay as they are."""
    if len(name) > 1 and name[0].isascii() and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def sentence_of(entry: ActionLog) -> LogSentence:
    """The entry as a sentence (reads `entry.actor`: select it with the entry)."""
    phrase = verb_phrase(entry.verb)
    subject, username = _who(entry, phrase)
    note = note_of(entry)
    name = entry.target_repr
    if phrase is None:
        target_type = (
            ContentType.objects.get_for_id(entry.target_type_id) if entry.target_type_id else None
        )
        label = verb_label(entry.verb, target_type)
        unnamed = gettext("{subject} {label}")
        pattern = gettext("{subject} {label}：{name}") if name else unnamed
        return LogSentence(
            pattern, subject, username, verb=label, name=name, note=note, unnamed=unnamed
        )
    if phrase.bare:
        pattern = gettext("{subject} {verb}")
        return LogSentence(pattern, subject, username, verb=str(phrase.verb), note=note)
    model = target_model(entry)
    if phrase.name_only:
        thing = ""
    elif phrase.thing is not None:
        thing = str(phrase.thing)
    else:
        thing = _mid_sentence(str(model._meta.verbose_name)) if model is not None else ""
    unnamed = "" if phrase.name_only else gettext("{subject} {verb}{thing}{tail}")
    if name:
        pattern = gettext("{subject} {verb}{thing}「{name}」{tail}")
    else:
        pattern = gettext("{subject} {verb}{thing}{tail}")
    return LogSentence(
        pattern,
        subject,
        username,
        verb=str(phrase.verb),
        thing=thing,
        name=name,
        tail=str(phrase.tail or ""),
        note=note,
        unnamed=unnamed,
    )


@dataclass
class LogLine:
    """One entry as a page shows it: the entry, its sentence, and its changed fields."""

    entry: ActionLog
    sentence: LogSentence
    changes: list[dict[str, str]] = field(default_factory=list)


def log_lines(entries: Iterable[ActionLog]) -> list[LogLine]:
    """The entries as lines, the objects their changes name looked up once for all of them
    (the entries' actors must be selected with them: `select_related("actor")`)."""
    entries = list(entries)
    names = related_names(entries)
    return [LogLine(entry, sentence_of(entry), change_rows(entry, names)) for entry in entries]
