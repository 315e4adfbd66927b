#include "app/PlanBuilder.h"

namespace onair::app {

audio::EditPlan buildPlan(const Episode& episode, const QString& folder) {
    audio::EditPlan plan;
    plan.sampleRate = episode.sampleRate;
    for (const auto& t : episode.tracks()) {
        audio::RenderTrack track;
        track.gainDb = static_cast<float>(t.gainDb);
        track.pan = static_cast<float>(t.pan);
        track.mute = t.mute;
        track.solo = t.solo;
        for (const auto& c : t.clips) {
            audio::RenderClip clip;
            clip.sourcePath = (folder + QLatin1Char('/') + c.source).toStdString();
            clip.sourceStart = c.sourceStart;
            clip.length = c.length;
            clip.position = c.position;
            clip.gainDb = static_cast<float>(c.gainDb);
            clip.fadeIn = c.fadeIn;
            clip.fadeOut = c.fadeOut;
            track.clips.push_back(std::move(clip));
        }
        plan.tracks.push_back(std::move(track));
    }
    return plan;
}

} // namespace onair::app
