#pragma once

// Checks a recording of the counter signal made through a real device, where the phase is
// unknown and each channel may start a JACK cycle later than another (ports connect one by one).
#include "SoundFileReader.h"
#include "TestSignal.h"

#include <QString>

namespace onair::test {

struct CounterCheck {
    QString problem; // empty when the channel is one unbroken run of the counter
    std::int64_t firstSignalFrame = -1;
    std::int64_t lastCounterFrame = -1; // the signal's own frame number at the file's last sample
};

// deviceChannel: which signal channel this file channel should carry.
inline CounterCheck checkCounterRun(const std::vector<std::int32_t>& samples, int deviceChannel) {
    CounterCheck r;
    std::size_t i = 0;
    while (i < samples.size() && samples[i] == 0) {
        ++i; // silence before the test client was connected
    }
    if (i == samples.size()) {
        r.problem = QStringLiteral("no signal at all");
        return r;
    }
    r.firstSignalFrame = std::int64_t(i);
    const std::uint32_t offset = (std::uint32_t(deviceChannel) * channelOffset) % counterModulus;
    std::uint32_t expected = std::uint32_t(samples[i]);
    for (; i < samples.size(); ++i) {
        if (std::uint32_t(samples[i]) != expected) {
            r.problem = QStringLiteral("frame %1: %2, expected %3 (a gap or a repeat)")
                            .arg(i)
                            .arg(samples[i])
                            .arg(expected);
            return r;
        }
        expected = (expected + 1) % counterModulus;
    }
    const std::uint32_t last = std::uint32_t(samples.back());
    r.lastCounterFrame = std::int64_t((last + counterModulus - offset) % counterModulus);
    return r;
}

} // namespace onair::test
