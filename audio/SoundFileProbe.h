#pragma once

#include <cstdint>
#include <string>

namespace onair::audio {

struct SoundFileFacts {
    bool readable = false;
    std::string error;
    std::int64_t frames = 0; // counted by decoding, not taken from the header
    int channels = 0;
    int sampleRate = 0;
};

// Opens an audio file with libsndfile and counts the frames that really decode. Used to put
// back a take whose process was killed: the header may promise more or less than is there.
SoundFileFacts probeSoundFile(const std::string& path);

} // namespace onair::audio
