#pragma once

#include "app/Episode.h"
#include "audio/EditPlan.h"

namespace onair::app {

// The episode's edit as the renderer wants it: plain values, absolute source paths. Playback
// and export both render from this, so they cannot disagree.
audio::EditPlan buildPlan(const Episode& episode, const QString& folder);

} // namespace onair::app
