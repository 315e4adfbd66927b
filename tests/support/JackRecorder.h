#pragma once

// A JACK client for tests that records every sample arriving on its input ports into a
// buffer allocated up front, so playback through PortAudio can be compared sample by sample
// with what the renderer produces offline. Its process callback only copies.
#include <atomic>
#include <cstring>
#include <jack/jack.h>
#include <string>
#include <vector>

namespace onair::test {

class JackRecorder {
public:
    JackRecorder(int channels, std::size_t capacityFrames)
        : channels_(channels)
        , capacity_(capacityFrames)
        , samples_(static_cast<std::size_t>(channels), std::vector<float>(capacityFrames, 0.0f)) {}
    ~JackRecorder() { close(); }

    // Empty string on success.
    std::string open(const std::string& name = "onair-test-recorder") {
        jack_status_t status{};
        client_ = jack_client_open(name.c_str(), JackNoStartServer, &status);
        if (client_ == nullptr) {
            return "cannot connect to the JACK server (status " + std::to_string(status) + ")";
        }
        for (int c = 0; c < channels_; ++c) {
            const std::string port = "rec_" + std::to_string(c + 1);
            ports_.push_back(jack_port_register(client_, port.c_str(), JACK_DEFAULT_AUDIO_TYPE,
                                                JackPortIsInput, 0));
        }
        jack_set_process_callback(client_, &JackRecorder::process, this);
        jack_set_xrun_callback(
            client_,
            [](void* self) {
                static_cast<JackRecorder*>(self)->xruns_.fetch_add(1);
                return 0;
            },
            this);
        if (jack_activate(client_) != 0) {
            return "cannot activate the JACK client";
        }
        return {};
    }

    // Connects the k-th output port of clients whose name matches `client` to rec_k; returns
    // how many connections exist.
    int listenTo(const std::string& client) {
        const char** outputs = jack_get_ports(client_, (client + ".*:").c_str(),
                                              JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput);
        int connected = 0;
        for (int c = 0; outputs && outputs[c] && c < channels_; ++c) {
            const int rc =
                jack_connect(client_, outputs[c], jack_port_name(ports_[std::size_t(c)]));
            connected += (rc == 0 || rc == EEXIST) ? 1 : 0;
        }
        if (outputs) {
            jack_free(outputs);
        }
        return connected;
    }

    // Frames recorded so far; samples below it are complete and stay as they are.
    std::size_t frames() const { return frames_.load(std::memory_order_acquire); }
    const std::vector<float>& channel(int c) const { return samples_[std::size_t(c)]; }
    std::size_t capacity() const { return capacity_; }

    void close() {
        if (client_) {
            jack_deactivate(client_);
            jack_client_close(client_);
            client_ = nullptr;
        }
    }

private:
    static int process(jack_nframes_t frames, void* arg) {
        auto* self = static_cast<JackRecorder*>(arg);
        const std::size_t at = self->frames_.load(std::memory_order_relaxed);
        const std::size_t n = std::min<std::size_t>(frames, self->capacity_ - at);
        for (int c = 0; c < self->channels_; ++c) {
            const auto* in = static_cast<const float*>(
                jack_port_get_buffer(self->ports_[std::size_t(c)], frames));
            std::memcpy(self->samples_[std::size_t(c)].data() + at, in, n * sizeof(float));
        }
        self->frames_.store(at + n, std::memory_order_release);
        return 0;
    }

    int channels_;
    std::size_t capacity_;
    std::vector<std::vector<float>> samples_;
    jack_client_t* client_ = nullptr;
    std::vector<jack_port_t*> ports_;
    std::atomic<std::size_t> frames_{0};
    std::atomic<int> xruns_{0};

public:
    // JACK's own xruns (a client too slow for its cycle, e.g. under ThreadSanitizer): the
    // server skipped periods, so a capture is not sample-continuous and cannot be compared.
    int xruns() const { return xruns_.load(); }
};

} // namespace onair::test
