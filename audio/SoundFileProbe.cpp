#include "audio/SoundFileProbe.h"

#include <sndfile.h>
#include <vector>

namespace onair::audio {

SoundFileFacts probeSoundFile(const std::string& path) {
    SoundFileFacts facts;
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    if (file == nullptr) {
        facts.error = sf_strerror(nullptr);
        return facts;
    }
    facts.channels = info.channels;
    facts.sampleRate = info.samplerate;
    std::vector<float> buffer(8192 * static_cast<std::size_t>(info.channels));
    sf_count_t n = 0;
    while ((n = sf_readf_float(file, buffer.data(), 8192)) > 0) {
        facts.frames += n;
    }
    sf_close(file);
    facts.readable = true;
    return facts;
}

} // namespace onair::audio
