#include "audio/AudioEncoder.h"

#include "audio/DiskSpace.h"
#include "audio/HostMessages.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <system_error>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

namespace onair::audio {
namespace {

struct Target {
    const char* encoder; // FFmpeg encoder name
    const char* muxer;
    const char* name; // for messages
    int minKbps;
    int maxKbps;
};

Target targetFor(ExportFormat f) {
    switch (f) {
    case ExportFormat::Mp3:
        return {"libmp3lame", "mp3", "MP3", 32, 320};
    case ExportFormat::Opus:
        return {"libopus", "ogg", "Opus", 24, 192};
    case ExportFormat::M4a:
        // "ipod" is the mov muxer in M4A mode: the brand and the QuickTime chapter track that
        // Apple's players read.
        return {"aac", "ipod", "AAC", 64, 320};
    }
    return {"", "", "", 0, 0};
}

// LAME's -V quality for an average bitrate: V0 ~245 kb/s ... V9 ~65 kb/s (LAME's own table).
int lameVbrQuality(int kbps) {
    static const int average[] = {245, 225, 190, 175, 165, 130, 115, 100, 85, 65};
    int best = 0;
    for (int q = 1; q < 10; ++q) {
        if (std::abs(average[q] - kbps) < std::abs(average[best] - kbps)) {
            best = q;
        }
    }
    return best;
}

AVSampleFormat pickSampleFormat(const AVCodec* codec) {
    if (codec->sample_fmts == nullptr) {
        return AV_SAMPLE_FMT_FLTP;
    }
    for (const AVSampleFormat want : {AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_FLT}) {
        for (const AVSampleFormat* f = codec->sample_fmts; *f != AV_SAMPLE_FMT_NONE; ++f) {
            if (*f == want) {
                return want;
            }
        }
    }
    return codec->sample_fmts[0];
}

// "cannot write X" and why: a full disk or a file size limit is said in words, not only as
// FFmpeg's "No space left on device" / "File too large".
std::string writeFailure(const std::string& what, int rc) {
    for (const int e : {ENOSPC, EDQUOT, EFBIG}) {
        if (rc == AVERROR(e)) {
            return what + ": " + writeErrorText(e);
        }
    }
    return what + " (" + codecErrorText(rc) + ")";
}

bool rateSupported(const AVCodec* codec, int rate) {
    if (codec->supported_samplerates == nullptr) {
        return true;
    }
    for (const int* r = codec->supported_samplerates; *r != 0; ++r) {
        if (*r == rate) {
            return true;
        }
    }
    return false;
}

} // namespace

struct AudioEncoder::State {
    std::string path;
    bool fileCreated = false;
    bool finished = false;
    int channels = 0;
    int inputRate = 0;
    AVFormatContext* format = nullptr;
    AVStream* stream = nullptr;
    AVCodecContext* codec = nullptr;
    SwrContext* resampler = nullptr;
    AVAudioFifo* fifo = nullptr;
    AVFrame* frame = nullptr;
    AVPacket* packet = nullptr;
    uint8_t** converted = nullptr; // resampler output, grown as needed
    int convertedCapacity = 0;
    std::int64_t nextPts = 0; // in samples at the file's rate

    ~State() {
        if (converted != nullptr) {
            av_freep(&converted[0]);
            av_freep(&converted);
        }
        av_packet_free(&packet);
        av_frame_free(&frame);
        if (fifo != nullptr) {
            av_audio_fifo_free(fifo);
        }
        swr_free(&resampler);
        avcodec_free_context(&codec);
        if (format != nullptr) {
            if (format->pb != nullptr) {
                avio_closep(&format->pb);
            }
            avformat_free_context(format); // also frees the chapters
        }
    }

    std::string openCodec(const Target& t, const EncoderSettings& settings) {
        const AVCodec* enc = avcodec_find_encoder_by_name(t.encoder);
        if (enc == nullptr) {
            return std::string("this FFmpeg has no ") + t.encoder + " encoder, so " + t.name +
                   " export is not available (install an FFmpeg built with it)";
        }
        const int rate = settings.format == ExportFormat::Opus ? 48000 : settings.sampleRate;
        if (!rateSupported(enc, rate)) {
            return std::string(t.name) + " cannot be encoded at " + std::to_string(rate) + " Hz";
        }
        codec = avcodec_alloc_context3(enc);
        if (codec == nullptr) {
            return "out of memory";
        }
        codec->sample_fmt = pickSampleFormat(enc);
        codec->sample_rate = rate;
        codec->time_base = AVRational{1, rate};
        av_channel_layout_default(&codec->ch_layout, settings.channels);
        if (settings.format == ExportFormat::Mp3 && settings.variableBitrate) {
            codec->flags |= AV_CODEC_FLAG_QSCALE;
            codec->global_quality = FF_QP2LAMBDA * lameVbrQuality(settings.bitrateKbps);
        } else {
            codec->bit_rate = std::int64_t(settings.bitrateKbps) * 1000;
        }
        if ((format->oformat->flags & AVFMT_GLOBALHEADER) != 0) {
            codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        }
        int rc = avcodec_open2(codec, enc, nullptr);
        if (rc < 0) {
            return std::string("cannot open the ") + t.encoder + " encoder (" + codecErrorText(rc) +
                   ")";
        }
        // initial_padding (the encoder's priming) travels to the muxer here: the LAME tag's
        // delay, Ogg's pre-skip and the M4A edit list all come from it, so decoders trim it.
        rc = avcodec_parameters_from_context(stream->codecpar, codec);
        if (rc < 0) {
            return "cannot set up the stream (" + codecErrorText(rc) + ")";
        }
        stream->time_base = codec->time_base;
        return {};
    }

    std::string openResampler() {
        AVChannelLayout in{};
        av_channel_layout_default(&in, channels);
        int rc =
            swr_alloc_set_opts2(&resampler, &codec->ch_layout, codec->sample_fmt,
                                codec->sample_rate, &in, AV_SAMPLE_FMT_FLT, inputRate, 0, nullptr);
        av_channel_layout_uninit(&in);
        if (rc >= 0) {
            rc = swr_init(resampler);
        }
        if (rc < 0) {
            return "cannot convert " + std::to_string(inputRate) + " Hz to " +
                   std::to_string(codec->sample_rate) + " Hz (" + codecErrorText(rc) + ")";
        }
        const int frameSize = codec->frame_size > 0 ? codec->frame_size : 1024;
        fifo = av_audio_fifo_alloc(codec->sample_fmt, channels, 4 * frameSize);
        frame = av_frame_alloc();
        packet = av_packet_alloc();
        if (fifo == nullptr || frame == nullptr || packet == nullptr) {
            return "out of memory";
        }
        return {};
    }

    std::string addChapters(const std::vector<ChapterInfo>& chapters) {
        for (std::size_t i = 0; i < chapters.size(); ++i) {
            const ChapterInfo& c = chapters[i];
            // libavformat has no public constructor for chapters; avpriv_new_chapter does the
            // same: an AVChapter in the context's array, freed by avformat_free_context.
            auto* ch = static_cast<AVChapter*>(av_mallocz(sizeof(AVChapter)));
            if (ch == nullptr) {
                return "out of memory";
            }
            double end = c.endSeconds;
            if (end <= c.startSeconds) {
                end = i + 1 < chapters.size() ? chapters[i + 1].startSeconds : c.startSeconds;
            }
            ch->id = std::int64_t(i);
            ch->time_base = AVRational{1, 1000};
            // A QuickTime chapter track has no gap before its first sample: FFmpeg 5.1 writes a
            // first chapter that starts later as one starting at 0 and cut short by the gap (a
            // single chapter at 2 s of 8 s reads back as 0-6 s). So in M4A the first chapter
            // starts at 0 and ends where it should.
            ch->start = i == 0 ? 0 : std::llround(c.startSeconds * 1000.0);
            ch->end = std::llround(end * 1000.0);
            av_dict_set(&ch->metadata, "title", c.title.c_str(), 0);
            int count = int(format->nb_chapters);
            av_dynarray_add(&format->chapters, &count, ch);
            if (format->chapters == nullptr) {
                return "out of memory";
            }
            format->nb_chapters = unsigned(count);
        }
        return {};
    }

    // Sends one frame (nullptr: flush) and writes every packet the encoder has ready.
    std::string encode(AVFrame* f) {
        int rc = avcodec_send_frame(codec, f);
        if (rc < 0) {
            return "the encoder refused the audio (" + codecErrorText(rc) + ")";
        }
        for (;;) {
            rc = avcodec_receive_packet(codec, packet);
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) {
                return {};
            }
            if (rc < 0) {
                return "encoding failed (" + codecErrorText(rc) + ")";
            }
            av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
            packet->stream_index = stream->index;
            rc = av_interleaved_write_frame(format, packet); // takes the packet's data
            if (rc < 0) {
                return writeFailure("cannot write " + path, rc);
            }
        }
    }

    // Encodes whole codec frames from the FIFO; with `all`, also the last partial one (the
    // encoder pads it; the muxer's end trimming records the real length).
    std::string drainFifo(bool all) {
        const int frameSize = codec->frame_size > 0 ? codec->frame_size : 1024;
        while (av_audio_fifo_size(fifo) >= frameSize || (all && av_audio_fifo_size(fifo) > 0)) {
            const int n = std::min(frameSize, av_audio_fifo_size(fifo));
            av_frame_unref(frame);
            frame->nb_samples = n;
            frame->format = codec->sample_fmt;
            frame->sample_rate = codec->sample_rate;
            if (av_channel_layout_copy(&frame->ch_layout, &codec->ch_layout) < 0 ||
                av_frame_get_buffer(frame, 0) < 0) {
                return "out of memory";
            }
            if (av_audio_fifo_read(fifo, reinterpret_cast<void**>(frame->data), n) != n) {
                return "internal error: the sample FIFO ran short";
            }
            frame->pts = nextPts;
            nextPts += n;
            if (std::string e = encode(frame); !e.empty()) {
                return e;
            }
        }
        return {};
    }

    // Converts (nullptr input: flushes the resampler) and queues the result in the FIFO.
    std::string convert(const float* in, int frames) {
        const int capacity = swr_get_out_samples(resampler, frames) + 16;
        if (capacity > convertedCapacity) {
            if (converted != nullptr) {
                av_freep(&converted[0]);
                av_freep(&converted);
            }
            convertedCapacity = 0;
            if (av_samples_alloc_array_and_samples(&converted, nullptr, channels, capacity,
                                                   codec->sample_fmt, 0) < 0) {
                return "out of memory";
            }
            convertedCapacity = capacity;
        }
        const auto* src = reinterpret_cast<const uint8_t*>(in);
        const int n = swr_convert(resampler, converted, capacity, in ? &src : nullptr, frames);
        if (n < 0) {
            return "sample rate conversion failed (" + codecErrorText(n) + ")";
        }
        if (n > 0 && av_audio_fifo_write(fifo, reinterpret_cast<void**>(converted), n) != n) {
            return "out of memory";
        }
        return {};
    }
};

AudioEncoder::AudioEncoder() = default;

AudioEncoder::~AudioEncoder() {
    abort();
}

std::string AudioEncoder::open(const std::string& path, const EncoderSettings& settings,
                               double inputRate, const std::vector<ChapterInfo>& chapters) {
    abort();
    routeCodecLibraryMessages();
    const Target t = targetFor(settings.format);
    if (settings.channels != 1 && settings.channels != 2) {
        return "only mono and stereo can be exported, not " + std::to_string(settings.channels) +
               " channels";
    }
    if (settings.bitrateKbps < t.minKbps || settings.bitrateKbps > t.maxKbps) {
        return std::string(t.name) + " bitrate " + std::to_string(settings.bitrateKbps) +
               " kb/s is outside " + std::to_string(t.minKbps) + "-" + std::to_string(t.maxKbps) +
               " kb/s";
    }
    if (!(inputRate >= 8000.0 && inputRate <= 384000.0) || inputRate != std::floor(inputRate)) {
        return "the input sample rate " + std::to_string(inputRate) + " Hz is not supported";
    }
    auto s = std::make_unique<State>();
    s->path = path;
    s->channels = settings.channels;
    s->inputRate = int(inputRate);
    int rc = avformat_alloc_output_context2(&s->format, nullptr, t.muxer, path.c_str());
    if (rc < 0 || s->format == nullptr) {
        return std::string("this FFmpeg has no ") + t.muxer + " muxer (" + codecErrorText(rc) + ")";
    }
    // No "encoder" tag or creation time from libavformat: the tag writer owns all metadata.
    s->format->flags |= AVFMT_FLAG_BITEXACT;
    s->stream = avformat_new_stream(s->format, nullptr);
    if (s->stream == nullptr) {
        return "out of memory";
    }
    std::string e = s->openCodec(t, settings);
    if (e.empty()) {
        e = s->openResampler();
    }
    if (e.empty() && settings.format == ExportFormat::M4a) {
        e = s->addChapters(chapters);
    }
    if (!e.empty()) {
        return e;
    }
    rc = avio_open(&s->format->pb, path.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) {
        return "cannot create " + path + ": " + codecErrorText(rc) +
               (rc == AVERROR(ENOENT) ? " (does the folder exist?)" : "");
    }
    s->fileCreated = true;
    AVDictionary* options = nullptr;
    if (settings.format == ExportFormat::Mp3) {
        av_dict_set(&options, "id3v2_version", "3", 0);
        av_dict_set(&options, "write_xing", "1", 0);
    } else if (settings.format == ExportFormat::M4a) {
        av_dict_set(&options, "movflags", "+faststart", 0); // players start before the end loads
    }
    rc = avformat_write_header(s->format, &options);
    av_dict_free(&options);
    s_ = std::move(s);
    if (rc < 0) {
        const std::string error = writeFailure("cannot write the header of " + path, rc);
        abort();
        return error;
    }
    return {};
}

std::string AudioEncoder::write(const float* interleaved, std::size_t frames) {
    if (!s_ || s_->finished) {
        return "the encoder is not open";
    }
    // Chunks keep the conversion buffer small whatever the caller passes.
    constexpr std::size_t chunk = 16384;
    for (std::size_t done = 0; done < frames; done += chunk) {
        const int n = int(std::min(chunk, frames - done));
        if (std::string e = s_->convert(interleaved + done * std::size_t(s_->channels), n);
            !e.empty()) {
            return e;
        }
        if (std::string e = s_->drainFifo(false); !e.empty()) {
            return e;
        }
    }
    return {};
}

std::string AudioEncoder::finish() {
    if (!s_ || s_->finished) {
        return "the encoder is not open";
    }
    std::string e = s_->convert(nullptr, 0);
    if (e.empty()) {
        e = s_->drainFifo(true);
    }
    if (e.empty()) {
        e = s_->encode(nullptr);
    }
    if (!e.empty()) {
        return e;
    }
    int rc = av_write_trailer(s_->format);
    if (rc < 0) {
        return writeFailure("cannot finish " + s_->path, rc);
    }
    rc = avio_closep(&s_->format->pb); // reports a full disk on the last flush
    if (rc < 0) {
        return writeFailure("cannot write " + s_->path, rc);
    }
    s_->finished = true;
    s_.reset();
    return {};
}

void AudioEncoder::abort() {
    if (!s_) {
        return;
    }
    const bool remove = s_->fileCreated && !s_->finished;
    const std::string path = s_->path;
    s_.reset(); // closes the file first
    if (remove) {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
}

int AudioEncoder::fileSampleRate() const {
    return s_ && s_->codec ? s_->codec->sample_rate : 0;
}

int AudioEncoder::codecFrameSize() const {
    return s_ && s_->codec ? s_->codec->frame_size : 0;
}

} // namespace onair::audio
