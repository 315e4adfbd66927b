#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace onair::audio {

// What the renderer plays: the episode's edit reduced to plain values. The app layer fills it
// from the episode document; the renderer never sees the document. Frames are at the plan's
// sample rate; every source must have that rate (Renderer::open says which one does not).

struct RenderClip {
    std::string sourcePath;       // absolute path of a sound file (WAV/RF64/FLAC via libsndfile)
    std::int64_t sourceStart = 0; // first source frame used
    std::int64_t length = 0;      // frames
    std::int64_t position = 0;    // timeline frame where it starts
    float gainDb = 0.0f;
    std::int64_t fadeIn = 0, fadeOut = 0; // frames, within the clip
};

struct RenderTrack {
    float gainDb = 0;
    float pan = 0; // -1 left .. +1 right
    bool mute = false, solo = false;
    std::vector<RenderClip> clips;
};

struct EditPlan {
    double sampleRate = 48000;
    std::vector<RenderTrack> tracks;

    // The end of the last clip (muted tracks included: the timeline does not shrink when a
    // track is muted).
    std::int64_t length() const {
        std::int64_t end = 0;
        for (const RenderTrack& t : tracks) {
            for (const RenderClip& c : t.clips) {
                end = std::max(end, c.position + std::max<std::int64_t>(c.length, 0));
            }
        }
        return end;
    }
};

} // namespace onair::audio
