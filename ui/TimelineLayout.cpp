#include "ui/TimelineLayout.h"

namespace onair::ui {

void TimelineLayout::update(const app::Episode& episode, bool takeLanes, int scrollY) {
    rows_.clear();
    int y = lanesTop() - scrollY;
    for (int t = 0; t < episode.tracks().size(); ++t) {
        rows_.append({TimelineRow::Track, t, {}, y, trackHeight});
        y += trackHeight;
        if (!takeLanes) {
            continue;
        }
        for (const auto& take : episode.takes) {
            const bool hasFile =
                std::any_of(take.files.begin(), take.files.end(), [&](const app::TakeFile& f) {
                    return f.belongsTo(episode.tracks()[t]);
                });
            if (hasFile && take.frames > 0) {
                rows_.append({TimelineRow::TakeLane, t, take.id, y, laneHeight});
                y += laneHeight;
            }
        }
    }
    contentHeight_ = y + scrollY - lanesTop();
}

const TimelineRow* TimelineLayout::rowAt(int y) const {
    if (y < lanesTop()) {
        return nullptr; // ruler and chapter lane cover the rows scrolled under them
    }
    for (const auto& r : rows_) {
        if (y >= r.top && y < r.top + r.height) {
            return &r;
        }
    }
    return nullptr;
}

const TimelineRow* TimelineLayout::trackRow(int track) const {
    for (const auto& r : rows_) {
        if (r.kind == TimelineRow::Track && r.track == track) {
            return &r;
        }
    }
    return nullptr;
}

} // namespace onair::ui
