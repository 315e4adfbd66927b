#pragma once

// Writes test sources as 32-bit float WAV (values round-trip exactly) and compares rendered
// buffers, writing both to files when they differ so the difference can be looked at.
#include <QDir>
#include <QString>
#include <cmath>
#include <cstdint>
#include <functional>
#include <sndfile.h>
#include <string>
#include <vector>

namespace onair::test {

// frames × channels interleaved samples from f(frame, channel).
inline std::vector<float> makeSignal(std::int64_t frames, int channels,
                                     const std::function<float(std::int64_t, int)>& f) {
    std::vector<float> s(static_cast<std::size_t>(frames * channels));
    for (std::int64_t i = 0; i < frames; ++i) {
        for (int c = 0; c < channels; ++c) {
            s[static_cast<std::size_t>(i * channels + c)] = f(i, c);
        }
    }
    return s;
}

// Empty on success.
inline std::string writeFloatWav(const std::string& path, const std::vector<float>& interleaved,
                                 int channels, int rate) {
    SF_INFO info{};
    info.channels = channels;
    info.samplerate = rate;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    if (f == nullptr) {
        return "cannot write " + path + ": " + sf_strerror(nullptr);
    }
    const sf_count_t frames = static_cast<sf_count_t>(interleaved.size()) / channels;
    const sf_count_t n = sf_writef_float(f, interleaved.data(), frames);
    sf_close(f);
    return n == frames ? std::string() : "short write to " + path;
}

// Compares sample by sample (|a - e| <= tolerance; 0 = bit-identical). On a mismatch writes
// actual and expected as float WAV files in the temp directory and returns a message that
// names the first difference and both paths; empty when they match.
inline QString compareSignals(const std::vector<float>& actual, const std::vector<float>& expected,
                              int channels, const QString& name, double tolerance = 1e-6) {
    std::int64_t bad = -1;
    if (actual.size() == expected.size()) {
        for (std::size_t i = 0; i < actual.size() && bad < 0; ++i) {
            const bool same = tolerance == 0.0
                                  ? actual[i] == expected[i] &&
                                        std::signbit(actual[i]) == std::signbit(expected[i])
                                  : std::fabs(double(actual[i]) - double(expected[i])) <= tolerance;
            if (!same) {
                bad = static_cast<std::int64_t>(i);
            }
        }
        if (bad < 0) {
            return {};
        }
    }
    const QString base = QDir(QDir::tempPath()).filePath(QStringLiteral("onair-") + name);
    const QString actualPath = base + QStringLiteral("-actual.wav");
    const QString expectedPath = base + QStringLiteral("-expected.wav");
    writeFloatWav(actualPath.toStdString(), actual, channels, 48000);
    writeFloatWav(expectedPath.toStdString(), expected, channels, 48000);
    QString what;
    if (bad < 0) {
        what = QStringLiteral("%1 samples, expected %2").arg(actual.size()).arg(expected.size());
    } else {
        what = QStringLiteral("frame %1 channel %2: %3, expected %4")
                   .arg(bad / channels)
                   .arg(bad % channels)
                   .arg(double(actual[std::size_t(bad)]), 0, 'g', 9)
                   .arg(double(expected[std::size_t(bad)]), 0, 'g', 9);
    }
    return QStringLiteral("%1: %2 (actual: %3, expected: %4)")
        .arg(name, what, actualPath, expectedPath);
}

} // namespace onair::test
