#include "audio/ResampledFlacWriter.h"

#include "audio/HostMessages.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sndfile.h>
#include <system_error>
#include <unistd.h>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libswresample/swresample.h>
}

namespace onair::audio {
void ResampledFlacWriter::SwrFreer::operator()(SwrContext* s) const {
    swr_free(&s);
}

ResampledFlacWriter::ResampledFlacWriter(std::string path, int sampleRate, Sink sink)
    : path_(std::move(path))
    , rate_(sampleRate)
    , sink_(std::move(sink)) {}

ResampledFlacWriter::~ResampledFlacWriter() {
    close();
    av_channel_layout_uninit(&inLayout_);
}

std::string ResampledFlacWriter::write(const AVFrame* frame, int samples) {
    if (samples <= 0) {
        return {};
    }
    if (std::string e = prepare(frame); !e.empty()) {
        return e;
    }
    if (!created_) {
        if (std::string e = create(); !e.empty()) {
            return e;
        }
        created_ = true;
    }
    return convert(const_cast<const std::uint8_t**>(frame->extended_data), samples);
}

std::string ResampledFlacWriter::finish() {
    std::string error = resampler_ && created_ ? convert(nullptr, 0) : std::string{};
    if (sink_) {
        return error;
    }
    // sf_close writes the last FLAC frames and the header: a full disk shows up here, and the
    // file is renamed to its final name only once it is complete and on the disk.
    const int rc = file_ != nullptr ? sf_close(file_) : 0;
    file_ = nullptr;
    if (rc != 0 && error.empty()) {
        error = "cannot finish " + path_ + ": " + sf_error_number(rc);
    }
    if (error.empty()) {
        const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0 || ::fsync(fd) != 0) {
            error = "cannot flush " + path_ + " to the disk: " + std::strerror(errno);
        }
        if (fd >= 0) {
            ::close(fd);
        }
    }
    return error;
}

void ResampledFlacWriter::discard() {
    close();
    if (!sink_) {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
}

void ResampledFlacWriter::close() {
    if (file_ != nullptr) {
        sf_close(file_);
        file_ = nullptr;
    }
}

// Sets up (or, when a stream changes format midway, replaces) the resampler from the frame
// itself: the codec parameters are only a guess until the first frame decodes.
std::string ResampledFlacWriter::prepare(const AVFrame* frame) {
    AVChannelLayout in{};
    if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) {
        av_channel_layout_default(&in, frame->ch_layout.nb_channels);
    } else if (av_channel_layout_copy(&in, &frame->ch_layout) < 0) {
        return "out of memory";
    }
    const bool same = resampler_ && frame->format == inFormat_ && frame->sample_rate == inRate_ &&
                      av_channel_layout_compare(&in, &inLayout_) == 0;
    if (same) {
        av_channel_layout_uninit(&in);
        return {};
    }
    if (resampler_ && created_) {
        if (std::string e = convert(nullptr, 0); !e.empty()) {
            av_channel_layout_uninit(&in);
            return e;
        }
    }
    av_channel_layout_uninit(&inLayout_);
    inLayout_ = in;
    inFormat_ = frame->format;
    inRate_ = frame->sample_rate;
    if (outChannels_ == 0) {
        outChannels_ = in.nb_channels == 1 ? 1 : 2;
    }
    AVChannelLayout out{};
    av_channel_layout_default(&out, outChannels_);
    SwrContext* raw = nullptr;
    int rc = swr_alloc_set_opts2(&raw, &out, AV_SAMPLE_FMT_FLT, rate_, &in,
                                 AVSampleFormat(frame->format), frame->sample_rate, 0, nullptr);
    av_channel_layout_uninit(&out);
    resampler_.reset(raw);
    if (rc >= 0) {
        rc = swr_init(resampler_.get());
    }
    if (rc < 0) {
        resampler_.reset();
        return "cannot convert " + std::to_string(frame->sample_rate) + " Hz " +
               std::to_string(in.nb_channels) + "-channel audio (" + codecErrorText(rc) + ")";
    }
    return {};
}

std::string ResampledFlacWriter::create() {
    if (sink_) {
        return {};
    }
    SF_INFO info{};
    info.samplerate = rate_;
    info.channels = outChannels_;
    info.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_24;
    file_ = sf_open(path_.c_str(), SFM_WRITE, &info);
    if (file_ == nullptr) {
        return "cannot create " + path_ + ": " + sf_strerror(nullptr);
    }
    // Resampling can overshoot full scale between samples: clip rather than wrap around.
    sf_command(file_, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    return {};
}

std::string ResampledFlacWriter::convert(const std::uint8_t** in, int inFrames) {
    const int capacity = swr_get_out_samples(resampler_.get(), inFrames) + 16;
    buffer_.resize(std::size_t(capacity) * std::size_t(outChannels_));
    auto* out = reinterpret_cast<std::uint8_t*>(buffer_.data());
    const int n = swr_convert(resampler_.get(), &out, capacity, in, inFrames);
    if (n < 0) {
        return "resampling failed (" + codecErrorText(n) + ")";
    }
    if (n > 0 && sink_) {
        sink_(buffer_.data(), n, outChannels_);
    } else if (n > 0 && sf_writef_float(file_, buffer_.data(), n) != n) {
        return "cannot write " + path_ + ": " + sf_strerror(file_) + " (is the disk full?)";
    }
    frames_ += n;
    return {};
}

} // namespace onair::audio
