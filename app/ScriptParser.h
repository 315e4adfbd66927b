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
// Binary or non-UTF-8 input is refused with a message, not guessed.
ScriptParseResult parseScript(const QByteArray& bytes, ScriptSource source);

// The stored form: Markdown where every heading is explicit ("## Title"), so what the host
// marked or unmarked as a heading survives a save and reopen exactly.
QString scriptToMarkdown(const Script& script);

} // namespace onair::app
