#pragma once

// A JACK client for tests that plays the counter signal (TestSignal.h) on N output ports, so a
// recording made through PortAudio can be checked sample by sample. It connects its ports to
// another client's inputs once they appear (PortAudio's ports exist only while it records).
#include "TestSignal.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <jack/jack.h>
#include <string>
#include <vector>

namespace onair::test {

class JackSignalClient {
public:
    // `listen` input ports record the loudest sample they hear (for checking monitoring).
    explicit JackSignalClient(int channels, int listen = 0)
        : channels_(channels)
        , listen_(listen)
        , heard_(static_cast<std::size_t>(listen)) {}
    ~JackSignalClient() { close(); }

    // Empty string on success.
    std::string open(const std::string& name = "onair-test-signal") {
        jack_status_t status{};
        client_ = jack_client_open(name.c_str(), JackNoStartServer, &status);
        if (client_ == nullptr) {
            return "cannot connect to the JACK server (status " + std::to_string(status) + ")";
        }
        for (int c = 0; c < channels_; ++c) {
            const std::string port = "out_" + std::to_string(c + 1);
            ports_.push_back(jack_port_register(client_, port.c_str(), JACK_DEFAULT_AUDIO_TYPE,
                                                JackPortIsOutput, 0));
        }
        for (int c = 0; c < listen_; ++c) {
            const std::string port = "in_" + std::to_string(c + 1);
            inputs_.push_back(jack_port_register(client_, port.c_str(), JACK_DEFAULT_AUDIO_TYPE,
                                                 JackPortIsInput, 0));
        }
        jack_set_process_callback(client_, &JackSignalClient::process, this);
        jack_set_xrun_callback(
            client_,
            [](void* self) {
                static_cast<JackSignalClient*>(self)->xruns_.fetch_add(1);
                return 0;
            },
            this);
        if (jack_activate(client_) != 0) {
            return "cannot activate the JACK client";
        }
        return {};
    }

    // Connects out_k to the k-th input port of clients whose name contains `client`.
    // Returns how many connections now exist.
    int connectTo(const std::string& client) {
        const char** inputs = jack_get_ports(client_, (client + ".*:").c_str(),
                                             JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput);
        int connected = 0;
        for (int c = 0; inputs && inputs[c] && c < channels_; ++c) {
            const int rc = jack_connect(client_, jack_port_name(ports_[std::size_t(c)]), inputs[c]);
            connected += (rc == 0 || rc == EEXIST) ? 1 : 0;
        }
        if (inputs) {
            jack_free(inputs);
        }
        return connected;
    }

    // Connects the k-th output port of clients whose name contains `client` to our in_k.
    int listenTo(const std::string& client) {
        const char** outputs = jack_get_ports(client_, (client + ".*:").c_str(),
                                              JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput);
        int connected = 0;
        for (int c = 0; outputs && outputs[c] && c < listen_; ++c) {
            const int rc =
                jack_connect(client_, outputs[c], jack_port_name(inputs_[std::size_t(c)]));
            connected += (rc == 0 || rc == EEXIST) ? 1 : 0;
        }
        if (outputs) {
            jack_free(outputs);
        }
        return connected;
    }

    float heardPeak(int input) const { return heard_[std::size_t(input)].load(); }

    // Instead of the counter: clicks of `length` frames at `level` (alternating sign) every
    // `period` frames on every port, the first one `period` frames in. Call before open().
    void playClicks(std::uint32_t period, std::uint32_t length, float level) {
        clickPeriod_ = period;
        clickLength_ = length;
        clickLevel_ = level;
    }

    std::uint64_t frame() const { return frame_.load(); }
    std::uint32_t sampleRate() const { return client_ ? jack_get_sample_rate(client_) : 0; }

    void close() {
        if (client_) {
            jack_deactivate(client_);
            jack_client_close(client_);
            client_ = nullptr;
        }
    }

private:
    static int process(jack_nframes_t frames, void* arg) {
        auto* self = static_cast<JackSignalClient*>(arg);
        const std::uint64_t start = self->frame_.load(std::memory_order_relaxed);
        for (int c = 0; c < self->channels_; ++c) {
            auto* out =
                static_cast<float*>(jack_port_get_buffer(self->ports_[std::size_t(c)], frames));
            for (jack_nframes_t i = 0; i < frames; ++i) {
                out[i] = self->clickPeriod_ ? self->click(start + i) : counterSample(start + i, c);
            }
        }
        for (int c = 0; c < self->listen_; ++c) {
            const auto* in = static_cast<const float*>(
                jack_port_get_buffer(self->inputs_[std::size_t(c)], frames));
            float peak = self->heard_[std::size_t(c)].load(std::memory_order_relaxed);
            for (jack_nframes_t i = 0; i < frames; ++i) {
                peak = std::max(peak, std::fabs(in[i]));
            }
            self->heard_[std::size_t(c)].store(peak, std::memory_order_relaxed);
        }
        self->frame_.store(start + frames, std::memory_order_relaxed);
        return 0;
    }

    float click(std::uint64_t frame) const {
        const std::uint64_t phase = frame % clickPeriod_;
        if (frame < clickPeriod_ || phase >= clickLength_) {
            return 0.0f;
        }
        return (phase % 2 ? -1.0f : 1.0f) * clickLevel_;
    }

    int channels_;
    int listen_;
    std::uint32_t clickPeriod_ = 0;
    std::uint32_t clickLength_ = 0;
    float clickLevel_ = 0.0f;
    std::vector<std::atomic<float>> heard_;
    jack_client_t* client_ = nullptr;
    std::vector<jack_port_t*> ports_;
    std::vector<jack_port_t*> inputs_;
    std::atomic<std::uint64_t> frame_{0};
    std::atomic<int> xruns_{0};

public:
    // Xruns the JACK server reported: a client (ours or OnAir's) missed a cycle, so the
    // counter in a recording can jump without OnAir having lost anything it was given.
    int xruns() const { return xruns_.load(); }
};

} // namespace onair::test
