#pragma once

#include <string>

namespace onair::audio {

// ALSA and libjack print their probing chatter ("cannot find card '0'", "jack server is not
// running") straight to stderr while PortAudio enumerates host APIs. On a machine without a
// sound card or JACK that is dozens of alarming lines for a normal situation, so OnAir routes
// them through its own handlers: dropped by default, passed to stderr when the environment
// variable ONAIR_AUDIO_DEBUG is set. Call before Pa_Initialize. Not real-time safe.
void routeHostLibraryMessages();

// FFmpeg logs every damaged packet, every guessed parameter and every probe score to stderr; an
// import of a slightly broken MP3 would print pages. Same policy as above: dropped unless
// ONAIR_AUDIO_DEBUG is set. Safe to call many times and from any thread (the first call wins).
// Not real-time safe.
void routeCodecLibraryMessages();

// FFmpeg's text for one of its error codes (av_strerror).
std::string codecErrorText(int code);

} // namespace onair::audio
