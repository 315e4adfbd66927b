#pragma once

// A clock-driven stand-in for a sound card: it calls the same CaptureProcessor::process the
// PortAudio callback calls, with the counter signal, one block at a time. Deterministic: the
// test decides when each callback happens.
#include "TestSignal.h"
#include "audio/CaptureProcessor.h"

#include <vector>

namespace onair::test {

class FakeInputDevice {
public:
    FakeInputDevice(int channels, std::size_t blockFrames)
        : channels_(channels)
        , block_(blockFrames)
        , buffers_(static_cast<std::size_t>(channels), std::vector<float>(blockFrames))
        , pointers_(static_cast<std::size_t>(channels)) {
        for (int c = 0; c < channels; ++c) {
            pointers_[static_cast<std::size_t>(c)] = buffers_[static_cast<std::size_t>(c)].data();
        }
    }

    // Fills the next block of the counter signal (outside the measured callback).
    void prepare() {
        for (int c = 0; c < channels_; ++c) {
            for (std::size_t i = 0; i < block_; ++i) {
                buffers_[static_cast<std::size_t>(c)][i] = counterSample(frame_ + i, c);
            }
        }
    }

    // One callback: exactly what PortAudio would do.
    void deliver(onair::audio::CaptureProcessor& processor) {
        processor.process(pointers_.data(), channels_, block_, false);
        frame_ += block_;
    }

    void run(onair::audio::CaptureProcessor& processor, std::size_t callbacks) {
        for (std::size_t i = 0; i < callbacks; ++i) {
            prepare();
            deliver(processor);
        }
    }

    std::uint64_t frame() const { return frame_; }
    std::size_t blockFrames() const { return block_; }

private:
    int channels_;
    std::size_t block_;
    std::vector<std::vector<float>> buffers_;
    std::vector<const float*> pointers_;
    std::uint64_t frame_ = 0;
};

} // namespace onair::test
