#include "audio/HostMessages.h"

#include <alsa/asoundlib.h>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <jack/jack.h>

namespace onair::audio {
namespace {

bool debugEnabled() {
    static const bool enabled = std::getenv("ONAIR_AUDIO_DEBUG") != nullptr;
    return enabled;
}

void alsaMessage(const char* file, int line, const char* function, int err, const char* fmt, ...) {
    if (!debugEnabled()) {
        return;
    }
    std::fprintf(stderr, "[alsa] %s:%d %s: ", file, line, function);
    va_list args;
    va_start(args, fmt);
    std::vfprintf(stderr, fmt, args);
    va_end(args);
    if (err != 0) {
        std::fprintf(stderr, " (%s)", snd_strerror(err));
    }
    std::fputc('\n', stderr);
}

void jackMessage(const char* message) {
    if (debugEnabled()) {
        std::fprintf(stderr, "[jack] %s\n", message);
    }
}

} // namespace

void routeHostLibraryMessages() {
    snd_lib_error_set_handler(&alsaMessage);
    jack_set_error_function(&jackMessage);
    jack_set_info_function(&jackMessage);
}

} // namespace onair::audio
