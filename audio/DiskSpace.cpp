#include "audio/DiskSpace.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace onair::audio {

double bytesPerSecond(double sampleRate, int totalChannels, TakeFormat format) {
    const double bytesPerSample = format == TakeFormat::Float32 ? 4.0 : 3.0;
    return sampleRate * totalChannels * bytesPerSample;
}

std::optional<std::uint64_t> freeBytes(const std::string& path) {
    std::error_code ec;
    const auto info = std::filesystem::space(path, ec);
    if (ec) {
        return std::nullopt;
    }
    return info.available;
}

std::optional<double> recordingSecondsLeft(const std::string& path, double sampleRate,
                                           int totalChannels, TakeFormat format) {
    const auto bytes = freeBytes(path);
    const double rate = bytesPerSecond(sampleRate, totalChannels, format);
    if (!bytes || rate <= 0.0) {
        return std::nullopt;
    }
    return static_cast<double>(*bytes) / rate;
}

std::string writeErrorText(int errnum) {
    const std::string system = std::strerror(errnum);
    switch (errnum) {
    case ENOSPC:
        return "the disk is full (" + system + ")";
    case EDQUOT:
        return "the disk quota is used up (" + system + ")";
    case EFBIG:
        return "the file is larger than the file system or the file size limit allows (" + system +
               ")";
    default:
        return system;
    }
}

} // namespace onair::audio
