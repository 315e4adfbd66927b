#pragma once

// A JACK client for tests that plays the counter signal (TestSignal.h) on N output ports, so a
// recording made through PortAudio can be checked sample by sample. It connects its ports to
// another client's inputs once they appear (PortAudio's ports exist only while it records).
#include "TestSignal.h"

#include <atomic>
#include <jack/jack.h>
#include <string>
#include <vector>

namespace onair::test {

class JackSignalClient {
public:
    explicit JackSignalClient(int channels)
        : channels_(channels) {}
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
        jack_set_process_callback(client_, &JackSignalClient::process, this);
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
                out[i] = counterSample(start + i, c);
            }
        }
        self->frame_.store(start + frames, std::memory_order_relaxed);
        return 0;
    }

    int channels_;
    jack_client_t* client_ = nullptr;
    std::vector<jack_port_t*> ports_;
    std::atomic<std::uint64_t> frame_{0};
};

} // namespace onair::test
