#pragma once

#include "app/Script.h"

#include <QByteArray>

namespace onair::app {

struct ScriptParseResult {
    Script script;
    QString error; // empty on success: a sentence a person can act on
};

// Parses a script as stored in an episode (script.md: Markdown, headings explicit) or as imported
// (plain text, Markdown or pasted text, UTF-8 with or without a BOM, any line endings). Plain-text
// heading lines (short, no sentence-ending punctuation, set apart by blank lines) count as
// headings. Binary or non-UTF-8 input is refused with a message, not guessed.
ScriptParseResult parseScript(const QByteArray& bytes);

// The stored form: Markdown where every heading is explicit ("## Title"), so what the host
// marked or unmarked as a heading survives a save and reopen exactly.
QString scriptToMarkdown(const Script& script);

} // namespace onair::app
