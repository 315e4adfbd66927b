#pragma once

// Reads a take file back as 24-bit integer codes per channel, through libsndfile.
#include <cstdint>
#include <sndfile.h>
#include <string>
#include <vector>

namespace onair::test {

struct Pcm24 {
    bool ok = false;
    int channels = 0;
    int sampleRate = 0;
    int format = 0;
    std::vector<std::vector<std::int32_t>> samples; // [channel][frame], 24-bit codes
    std::int64_t frames() const { return samples.empty() ? 0 : std::int64_t(samples[0].size()); }
};

inline Pcm24 readPcm24(const std::string& path) {
    Pcm24 result;
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    if (file == nullptr) {
        return result;
    }
    result.channels = info.channels;
    result.sampleRate = info.samplerate;
    result.format = info.format;
    result.samples.assign(static_cast<std::size_t>(info.channels), {});
    std::vector<int> buffer(4096 * static_cast<std::size_t>(info.channels));
    sf_count_t n = 0;
    while ((n = sf_readf_int(file, buffer.data(), 4096)) > 0) {
        for (sf_count_t i = 0; i < n; ++i) {
            for (int c = 0; c < info.channels; ++c) {
                // libsndfile scales to 32-bit; the 24-bit code is the top three bytes.
                result.samples[static_cast<std::size_t>(c)].push_back(
                    buffer[static_cast<std::size_t>(i * info.channels + c)] >> 8);
            }
        }
    }
    sf_close(file);
    result.ok = true;
    return result;
}

} // namespace onair::test
