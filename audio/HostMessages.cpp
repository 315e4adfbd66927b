#include "audio/HostMessages.h"

#include <alsa/asoundlib.h>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <jack/jack.h>
#include <mutex>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

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

void ffmpegMessage(void* context, int level, const char* fmt, va_list args) {
    if (!debugEnabled() || level > AV_LOG_INFO) {
        return;
    }
    // FFmpeg builds one line from several calls; it says when a new line (and prefix) begins.
    static int printPrefix = 1;
    char line[1024];
    av_log_format_line2(context, level, fmt, args, line, sizeof line, &printPrefix);
    std::fputs(line, stderr);
}

} // namespace

void routeCodecLibraryMessages() {
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_callback(&ffmpegMessage); });
}

void routeHostLibraryMessages() {
    snd_lib_error_set_handler(&alsaMessage);
    jack_set_error_function(&jackMessage);
    jack_set_info_function(&jackMessage);
}

std::string codecErrorText(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

} // namespace onair::audio
