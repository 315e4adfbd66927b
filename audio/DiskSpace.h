#pragma once

#include "audio/CaptureTypes.h"

#include <cstdint>
#include <optional>
#include <string>

namespace onair::audio {

// Bytes one second of recording takes on disk (all tracks). FLAC is counted as uncompressed:
// the estimate of time left must err on the safe side.
double bytesPerSecond(double sampleRate, int totalChannels, TakeFormat format);

// Free bytes for an unprivileged user on the file system holding `path`; nullopt when unknown.
std::optional<std::uint64_t> freeBytes(const std::string& path);

// How many seconds can still be recorded into `path` at these settings; nullopt when unknown.
std::optional<double> recordingSecondsLeft(const std::string& path, double sampleRate,
                                           int totalChannels, TakeFormat format);

// Why a write failed, for a message a person can act on: a full disk, a used-up quota or a file
// size limit are named as such (with the system's own text in brackets), anything else is the
// system's text. `errnum` is an errno value.
std::string writeErrorText(int errnum);

} // namespace onair::audio
