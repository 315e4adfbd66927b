#pragma once

#include "app/Episode.h"

#include <QList>
#include <QRect>

namespace onair::ui {

// Where everything sits in the timeline, in viewport pixels, for one episode, one zoom and one
// scroll position. Painting and mouse handling both ask it, so a click lands where the paint
// put things.
struct TimelineRow {
    enum Kind { Track, TakeLane };
    Kind kind = Track;
    int track = 0;
    QString takeId; // TakeLane only
    int top = 0;
    int height = 0;
};

class TimelineLayout {
public:
    static constexpr int rulerHeight = 26;
    static constexpr int chapterHeight = 24;
    // Room for the track header widgets: arm, name, input and a meter (TrackRowWidget).
    static constexpr int headerWidth = 250;
    static constexpr int trackHeight = 76;
    static constexpr int laneHeight = 24;

    void update(const app::Episode& episode, bool takeLanes, int scrollY);

    double framesPerPixel = 1000.0;
    double viewStart = 0.0; // frame at the left edge of the lanes (x = headerWidth)

    double xOf(qint64 frame) const {
        return headerWidth + (double(frame) - viewStart) / framesPerPixel;
    }
    qint64 frameAt(double x) const {
        return static_cast<qint64>(viewStart + (x - headerWidth) * framesPerPixel);
    }
    int lanesTop() const { return rulerHeight + chapterHeight; }
    int contentHeight() const { return contentHeight_; }
    const QList<TimelineRow>& rows() const { return rows_; }
    // The row under y (viewport pixels), or nullptr.
    const TimelineRow* rowAt(int y) const;
    const TimelineRow* trackRow(int track) const;

private:
    QList<TimelineRow> rows_;
    int contentHeight_ = 0;
};

} // namespace onair::ui
