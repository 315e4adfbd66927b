#pragma once

#include "app/Episode.h"
#include "app/ScriptParser.h"

namespace onair::app {

// The episode's script on disk: script.md in the episode folder, in the stored form
// (scriptToMarkdown), named by Episode::script. These functions change the episode in memory
// only; the caller saves episode.json (EpisodeStore::save).

inline constexpr const char* scriptFileName = "script.md";

// Reads `sourcePath` (plain text, Markdown or pasted text), parses it as imported and writes it
// as the episode's script.md, setting episode.script. A file that is not a text script, cannot
// be read or is larger than 16 MB is refused with a message, and nothing changes.
QString importScript(const QString& folder, Episode& episode, const QString& sourcePath);

// The episode's script in the stored form. No script is an empty Script and no error; a script
// that is missing or damaged is an error naming the file. When episode.json names no script but
// the folder holds script.md, that is the script.
ScriptParseResult loadScript(const QString& folder, const Episode& episode);

// Writes `script` as script.md (atomically) and sets episode.script.
QString saveScript(const QString& folder, Episode& episode, const Script& script);

} // namespace onair::app
