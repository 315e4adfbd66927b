#pragma once

#include "audio/ExportTypes.h"

#include <functional>
#include <string>
#include <vector>

namespace onair::audio {

// Podcasting 2.0 JSON chapters (https://github.com/Podcastindex-org/podcast-namespace,
// chapters/jsonChapters.md): {"version":"1.2.0","chapters":[{"startTime":12.5,"endTime":..,
// "title":"..","url":"..","img":".."}]}. imageUrl maps a chapter with an image to the URL the
// image is published under; without it (or when it returns ""), "img" is left out. Strings are
// UTF-8; invalid UTF-8 becomes U+FFFD so the output is always valid JSON.
std::string chaptersJson(const std::vector<ChapterInfo>& chapters,
                         const std::function<std::string(const ChapterInfo&)>& imageUrl = {});

// A JSON string literal, quotes included.
std::string jsonString(const std::string& utf8);

} // namespace onair::audio
