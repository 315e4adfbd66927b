#pragma once

#include "ui/TimelineLayout.h"

#include <QSet>

class QPainter;

namespace onair::app {
class PeakCache;
struct LiveTake;
} // namespace onair::app

namespace onair::ui {

// What the timeline shows besides the episode itself.
struct TimelineState {
    QSet<QString> selectedClips;
    QString selectedMarker;
    qint64 rangeStart = 0; // time selection; empty when start == end
    qint64 rangeEnd = 0;
    qint64 playhead = 0;
    qint64 loopStart = 0;
    qint64 loopEnd = 0;
    // While recording: the take growing on its tracks' lanes (drawn over what it replaces).
    const app::LiveTake* live = nullptr;
};

// Paints the whole timeline into `area` (viewport coordinates). Waveforms come from the peak
// cache; a source whose summary is still being built is drawn as a plain clip until then.
// Cost is bounded by the pixels on screen, not by the episode's length.
void paintTimeline(QPainter& p, const QRect& area, const TimelineLayout& layout,
                   const app::Episode& episode, app::PeakCache& peaks, const TimelineState& state);

} // namespace onair::ui
