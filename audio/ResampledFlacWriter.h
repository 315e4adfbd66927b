#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include <libavutil/channel_layout.h>
}

struct AVFrame;
struct SwrContext;
struct sf_private_tag; // libsndfile's SNDFILE

namespace onair::audio {

// The writing half of an import: decoded FFmpeg frames, whatever their format, rate and layout,
// converted by libswresample to float at the target rate (mono stays mono, anything wider
// becomes stereo) and written as 24-bit FLAC with libsndfile. The file is created on the first
// frame, so a source where nothing decodes leaves no file. With a sink instead of a path, the
// converted audio goes to the sink and no file is written. Not real-time safe.
class ResampledFlacWriter {
public:
    using Sink = std::function<void(const float* interleaved, std::int64_t frames, int channels)>;
    ResampledFlacWriter(std::string path, int sampleRate, Sink sink = {});
    ~ResampledFlacWriter();
    ResampledFlacWriter(const ResampledFlacWriter&) = delete;
    ResampledFlacWriter& operator=(const ResampledFlacWriter&) = delete;

    // Converts and writes the first `samples` samples of `frame`. Returns an error text.
    std::string write(const AVFrame* frame, int samples);
    // Writes what the resampler still holds and closes the file (complete after this).
    std::string finish();
    // Closes and deletes the file.
    void discard();

    bool created() const { return created_; }
    int channels() const { return outChannels_; }
    std::int64_t frames() const { return frames_; }

private:
    std::string prepare(const AVFrame* frame);
    std::string create();
    std::string convert(const std::uint8_t** in, int inFrames); // in == nullptr: flush
    void close();

    struct SwrFreer {
        void operator()(SwrContext* s) const;
    };

    std::string path_;
    int rate_;
    std::unique_ptr<SwrContext, SwrFreer> resampler_;
    Sink sink_;
    sf_private_tag* file_ = nullptr;
    bool created_ = false;
    AVChannelLayout inLayout_{};
    int inFormat_ = -1;
    int inRate_ = 0;
    int outChannels_ = 0;
    std::int64_t frames_ = 0;
    std::vector<float> buffer_;
};

} // namespace onair::audio
