#include "audio/AudioImporter.h"

#include "audio/HostMessages.h"
#include "audio/ResampledFlacWriter.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <system_error>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

namespace onair::audio {
namespace {

namespace fs = std::filesystem;

struct FormatCloser {
    void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct CodecFreer {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct PacketFreer {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FrameFreer {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};

// One import: demuxer and decoder here, resampling and writing in ResampledFlacWriter.
class Importer {
public:
    Importer(const ImportRequest& request, const ImportProgress& progress, ImportResult& result)
        : request_(request)
        , progress_(progress)
        , result_(result)
        , partPath_(request.outputPath + ".part")
        , writer_(partPath_, int(request.sampleRate), request.sink) {}
    Importer(const Importer&) = delete;
    Importer& operator=(const Importer&) = delete;

    // Returns an error text (without the file name prefix), empty on success.
    std::string run() {
        if (std::string e = checkInput(); !e.empty()) {
            return e;
        }
        if (std::string e = openDecoder(); !e.empty()) {
            return e;
        }
        if (std::string e = decodeAll(); !e.empty()) {
            return e;
        }
        if (result_.cancelled) {
            return "the import was cancelled";
        }
        if (!writer_.created()) {
            return result_.decodeErrors > 0
                       ? "no audio in it could be decoded (the file is damaged)"
                       : "it holds no audio samples";
        }
        if (std::string e = writer_.finish(); !e.empty()) {
            return e;
        }
        result_.frames = writer_.frames();
        result_.channels = writer_.channels();
        if (request_.sink) {
            return {};
        }
        std::error_code ec;
        fs::rename(partPath_, request_.outputPath, ec);
        if (ec) {
            return "cannot rename " + partPath_ + " to " + request_.outputPath + ": " +
                   ec.message();
        }
        return {};
    }

    void discardPartial() { writer_.discard(); }

private:
    // libavformat's own messages for these cases ("Invalid data found when processing input")
    // do not say what to do; the filesystem can.
    std::string checkInput() {
        std::error_code ec;
        const fs::file_status status = fs::status(request_.inputPath, ec);
        if (!fs::exists(status)) {
            return "the file does not exist";
        }
        if (!fs::is_regular_file(status)) {
            return "it is not a regular file";
        }
        if (fs::file_size(request_.inputPath, ec) == 0) {
            return "the file is empty";
        }
        if (request_.sampleRate < 8000 || request_.sampleRate > 384000) {
            return "the episode sample rate " + std::to_string(request_.sampleRate) +
                   " Hz is not supported";
        }
        return {};
    }

    std::string openDecoder() {
        AVFormatContext* raw = nullptr;
        int rc = avformat_open_input(&raw, request_.inputPath.c_str(), nullptr, nullptr);
        if (rc < 0) {
            if (rc == AVERROR(EACCES)) {
                return "permission denied (check the file's permissions)";
            }
            return "not a media file FFmpeg recognises (" + codecErrorText(rc) + ")";
        }
        format_.reset(raw);
        rc = avformat_find_stream_info(format_.get(), nullptr);
        if (rc < 0) {
            return "cannot read the stream information (" + codecErrorText(rc) + ")";
        }
        stream_ = av_find_best_stream(format_.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
        if (stream_ < 0) {
            return "it has no audio stream";
        }
        for (unsigned i = 0; i < format_->nb_streams; ++i) {
            // Cover art, video and other audio streams are not read at all.
            format_->streams[i]->discard = int(i) == stream_ ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
        }
        AVStream* st = format_->streams[stream_];
        const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
        if (codec == nullptr) {
            return std::string("this FFmpeg has no decoder for its audio (") +
                   avcodec_get_name(st->codecpar->codec_id) + ")";
        }
        result_.codec = avcodec_get_name(st->codecpar->codec_id); // "mp3", not "mp3float"
        decoder_.reset(avcodec_alloc_context3(codec));
        if (!decoder_ || avcodec_parameters_to_context(decoder_.get(), st->codecpar) < 0) {
            return "out of memory";
        }
        // Priming and padding are trimmed by the decoder from the packets' skip-samples side
        // data, which it interprets in this time base.
        decoder_->pkt_timebase = st->time_base;
        rc = avcodec_open2(decoder_.get(), codec, nullptr);
        if (rc < 0) {
            return "cannot open the " + result_.codec + " decoder (" + codecErrorText(rc) + ")";
        }
        result_.sourceRate = decoder_->sample_rate;
        if (st->duration != AV_NOPTS_VALUE && st->duration > 0) {
            result_.claimedSeconds = double(st->duration) * av_q2d(st->time_base);
        } else if (format_->duration != AV_NOPTS_VALUE && format_->duration > 0) {
            result_.claimedSeconds = double(format_->duration) / AV_TIME_BASE;
        }
        startTime_ = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
        // MP4's sample table and edit list state the exact length, but FFmpeg 5's mov demuxer
        // trims only the encoder's priming, not the padding of the last AAC frame (up to 1023
        // samples of silence would be appended). Elsewhere the claimed duration may be an
        // estimate (MP3 without a Xing header) and must not cut real audio.
        if (std::string(format_->iformat->name).find("mp4") != std::string::npos &&
            st->duration != AV_NOPTS_VALUE && st->duration > 0) {
            endTimestamp_ = startTime_ + st->duration;
        }
        packet_.reset(av_packet_alloc());
        frame_.reset(av_frame_alloc());
        if (!packet_ || !frame_) {
            return "out of memory";
        }
        return {};
    }

    bool cancelled() const {
        return progress_.cancel != nullptr && progress_.cancel->load(std::memory_order_relaxed);
    }

    std::string decodeAll() {
        for (;;) {
            if (cancelled()) {
                result_.cancelled = true;
                return {};
            }
            const int rc = av_read_frame(format_.get(), packet_.get());
            if (rc < 0) {
                // A truncated file simply ends; a read error ends the import with what decoded.
                if (rc != AVERROR_EOF) {
                    ++result_.decodeErrors;
                }
                break;
            }
            if (packet_->stream_index == stream_) {
                if (avcodec_send_packet(decoder_.get(), packet_.get()) < 0) {
                    ++result_.decodeErrors;
                }
                if (std::string e = receiveFrames(); !e.empty()) {
                    av_packet_unref(packet_.get());
                    return e;
                }
                reportProgress();
            }
            av_packet_unref(packet_.get());
        }
        avcodec_send_packet(decoder_.get(), nullptr); // drain the decoder
        if (std::string e = receiveFrames(); !e.empty()) {
            return e;
        }
        return {};
    }

    std::string receiveFrames() {
        for (;;) {
            const int rc = avcodec_receive_frame(decoder_.get(), frame_.get());
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) {
                return {};
            }
            if (rc < 0) {
                ++result_.decodeErrors;
                return {};
            }
            if (frame_->best_effort_timestamp != AV_NOPTS_VALUE) {
                lastTimestamp_ = frame_->best_effort_timestamp;
            }
            std::string e = writer_.write(frame_.get(), samplesBeforeEnd(frame_.get()));
            av_frame_unref(frame_.get());
            if (!e.empty()) {
                return e;
            }
        }
    }

    // Samples of the frame that lie before the container's stated end (all when none is set).
    int samplesBeforeEnd(const AVFrame* frame) const {
        if (endTimestamp_ == AV_NOPTS_VALUE || frame->pts == AV_NOPTS_VALUE) {
            return frame->nb_samples;
        }
        const AVRational tb = format_->streams[stream_]->time_base;
        const std::int64_t left =
            av_rescale_q(endTimestamp_ - frame->pts, tb, AVRational{1, frame->sample_rate});
        return int(std::clamp<std::int64_t>(left, 0, frame->nb_samples));
    }

    // From the decoded timestamps against the claimed duration; by bytes read when the
    // container claims none. Reported in steps of at least 1 %.
    void reportProgress() {
        if (!progress_.onProgress) {
            return;
        }
        double fraction = 0;
        const AVStream* st = format_->streams[stream_];
        if (result_.claimedSeconds > 0 && lastTimestamp_ != AV_NOPTS_VALUE) {
            fraction = double(lastTimestamp_ - startTime_) * av_q2d(st->time_base) /
                       result_.claimedSeconds;
        } else if (format_->pb != nullptr) {
            const std::int64_t size = avio_size(format_->pb);
            if (size > 0) {
                fraction = double(avio_tell(format_->pb)) / double(size);
            }
        }
        fraction = std::min(fraction, 0.99);
        if (fraction >= reported_ + 0.01) {
            reported_ = fraction;
            progress_.onProgress(fraction);
        }
    }

    const ImportRequest& request_;
    const ImportProgress& progress_;
    ImportResult& result_;
    std::string partPath_;
    ResampledFlacWriter writer_;

    std::unique_ptr<AVFormatContext, FormatCloser> format_;
    std::unique_ptr<AVCodecContext, CodecFreer> decoder_;
    std::unique_ptr<AVPacket, PacketFreer> packet_;
    std::unique_ptr<AVFrame, FrameFreer> frame_;
    int stream_ = -1;
    std::int64_t startTime_ = 0;
    std::int64_t lastTimestamp_ = AV_NOPTS_VALUE;
    std::int64_t endTimestamp_ = AV_NOPTS_VALUE;
    double reported_ = 0;
};

} // namespace

ImportResult importAudio(const ImportRequest& request, const ImportProgress& progress) {
    routeCodecLibraryMessages();
    ImportResult result;
    Importer importer(request, progress, result);
    const std::string error = importer.run();
    if (!error.empty()) {
        importer.discardPartial();
        result.error = "Cannot import " + request.inputPath + ": " + error;
        result.frames = 0; // nothing was written under the output name
        return result;
    }
    if (progress.onProgress) {
        progress.onProgress(1.0);
    }
    return result;
}

} // namespace onair::audio
