#pragma once

#include <string>
#include <vector>

namespace onair::audio {

struct LibraryVersion {
    std::string name;    // "PortAudio"
    std::string version; // as the library reports it at run time where it can
    std::string purpose; // one line: what OnAir uses it for
};

// The engine's libraries, asked at run time (compile-time only where the library has no
// run-time query, as TagLib 1.x). Proves the linkage in About and `onair-cli --version`.
std::vector<LibraryVersion> engineLibraryVersions();

} // namespace onair::audio
