#pragma once

// Streaming encoder and muxer for the export pipeline: interleaved float PCM in, a finished
// MP3 (libmp3lame, Xing/LAME info frame, ID3v2.3 header), Ogg Opus (libopus) or M4A (FFmpeg's
// AAC encoder, optional chapters) file out. Plain C++20, no Qt. Not real-time safe: runs on an
// export worker thread; one object per file, not shared between threads.
#include "audio/ExportTypes.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace onair::audio {

class AudioEncoder {
public:
    AudioEncoder();
    ~AudioEncoder(); // an unfinished file is aborted (deleted)
    AudioEncoder(const AudioEncoder&) = delete;
    AudioEncoder& operator=(const AudioEncoder&) = delete;

    // Creates `path` (overwriting it) and prepares the encoder. The PCM given to write() has
    // settings.channels channels at inputRate; the file has settings.sampleRate (libswresample
    // converts; Opus files are always 48 kHz). Chapters are written by the muxer for M4A only
    // (MP3 and Opus chapters are the tag writer's job); the first starts at 0 there, as a
    // QuickTime chapter track cannot begin later. No tags are written here: TagLib adds
    // them afterwards. An encoder still open is aborted first. Returns an error text, empty on
    // success; on failure nothing is left.
    std::string open(const std::string& path, const EncoderSettings& settings, double inputRate,
                     const std::vector<ChapterInfo>& chapters = {});

    // Encodes `frames` frames of interleaved float samples. Returns an error text, empty on
    // success; after an error the caller should abort().
    std::string write(const float* interleaved, std::size_t frames);

    // Flushes resampler and encoder and writes the trailer: the file is complete and closed.
    std::string finish();

    // Closes and deletes the file. Safe to call at any time, also after a failed call.
    void abort();

    // The file's sample rate and codec frame size, valid after a successful open().
    int fileSampleRate() const;
    int codecFrameSize() const;

private:
    struct State;
    std::unique_ptr<State> s_;
};

} // namespace onair::audio
