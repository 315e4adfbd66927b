#pragma once

#include "app/Script.h"

#include <QByteArray>

namespace onair::app {

struct ScriptParseResult {
    Script script;
    QString error; // empty on success: a sentence a person can act on
};

enum class ScriptSource {
    Imported, // plain text, Markdown or pasted text: plain-text heading lines are detected
    Stored,   // an episode's script.md: only explicit Markdown headings are headings
};

// Parses a script, UTF-8 with or without a BOM, any line endings. When imported, plain-text
// heading lines (short, no sentence-ending punctuation, set apart by blank lines) count as
// headings; in the stored form only "#" headings do, so a line the host unmarked stays unmarked.
// Binary or non-UTF-8 input is refused with a message, not guessed. `name` (a file name) starts
// the message: "news.txt is not a text script: ..."; without one it is "This".
//
// The rules, in order:
// - Blocks are separated by blank lines; the lines of a paragraph are joined with one space and
//   runs of white space (including no-break spaces) become one space.
// - "# Title" .. "###### Title" (up to 3 spaces before, closing #s dropped) is a heading on its
//   own line; so is a one-line paragraph underlined with "===" (level 1) or "---" (level 2).
//   A paragraph whose first line starts with "\#" keeps a literal "#" (one backslash goes).
// - Imported only, and only when the text has no Markdown headings at all (a Markdown author
//   marked them already): a one-line paragraph of at most 60 characters and 8 words, with at
//   least one word, that does not end with . ! ? … : ; , (closing quotes or brackets after them
//   count too), is not a list item ("- ", "* ", "+ ", "> ", "• ") and has no speaker label, is
//   a level-2 heading.
// - "[...]" anywhere (no nested "[", 1-200 characters inside) is a cue.
// - At the start of a paragraph, or right after its opening cues ("[MUSIC] HOST: Hi"),
//   "LABEL:" followed by a space or the end is a speaker when LABEL is 1-3 words and at most 24
//   characters, every word starts with a capital letter or is a number, the first starts with
//   a letter, and it is either all capitals ("HOST", "DR. LEE") or a name ("Jane", "Guest 2")
//   that is not a common lead-in ("Note", "Update", "Chapter 1"). Emphasis around it
//   ("**HOST:**") is dropped. A heading never has one ("## Q: why" reads "Q: why"). A line
//   that starts with a speaker label starts a new paragraph, so one turn per line works
//   without blank lines between them.
// - In spoken text the Markdown emphasis and code markers * _ ` are dropped unless they sit
//   between two letters or digits (task_struct keeps its underscore).
// - Blocks left without any text are dropped.
ScriptParseResult parseScript(const QByteArray& bytes, ScriptSource source,
                              const QString& name = {});

// The runs the parser makes of one block's (already joined) text: cues, a paragraph's speaker
// label, spoken text without emphasis markers. withHeading() rebuilds a block with it.
QList<ScriptRun> parseScriptRuns(const QString& text, ScriptBlock::Kind kind);

// The stored form: Markdown where every heading is explicit ("## Title"), so what the host
// marked or unmarked as a heading survives a save and reopen exactly.
QString scriptToMarkdown(const Script& script);

} // namespace onair::app
