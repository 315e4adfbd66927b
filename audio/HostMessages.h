#pragma once

namespace onair::audio {

// ALSA and libjack print their probing chatter ("cannot find card '0'", "jack server is not
// running") straight to stderr while PortAudio enumerates host APIs. On a machine without a
// sound card or JACK that is dozens of alarming lines for a normal situation, so OnAir routes
// them through its own handlers: dropped by default, passed to stderr when the environment
// variable ONAIR_AUDIO_DEBUG is set. Call before Pa_Initialize. Not real-time safe.
void routeHostLibraryMessages();

} // namespace onair::audio
