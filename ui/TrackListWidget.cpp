#include "ui/TrackListWidget.h"

#include "ui/LevelMeterWidget.h"
#include "ui/TimelineLayout.h"
#include "ui/TrackRowWidget.h"

#include <QApplication>
#include <QPushButton>
#include <QWheelEvent>
#include <algorithm>

namespace onair::ui {

TrackListWidget::TrackListWidget(QWidget* parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("trackList"));
    add_ = new QPushButton(tr("+ Add Track"), this);
    add_->setObjectName(QStringLiteral("addTrackButton"));
    add_->setToolTip(tr("Add a track for another microphone (armed, on the next free input)"));
    connect(add_, &QPushButton::clicked, this, &TrackListWidget::addTrack);
}

namespace {

// What a header shows of a track; other edits (mute, clips, gain) leave the headers alone.
bool sameHeader(const app::Track& a, const app::Track& b) {
    return a.id == b.id && a.name == b.name && a.firstChannel == b.firstChannel &&
           a.channels == b.channels && a.armed == b.armed;
}

} // namespace

void TrackListWidget::setTracks(const QList<app::Track>& tracks, int inputChannels) {
    // Rebuilding on every edit would blank the meters mid-take (a chapter added is an edit)
    // and delete the header a click on its mute box is still being delivered through.
    const QList<app::Track> shown = this->tracks();
    if (std::max(1, inputChannels) == inputChannels_ && shown.size() == tracks.size() &&
        std::equal(shown.begin(), shown.end(), tracks.begin(), sameHeader)) {
        return;
    }
    inputChannels_ = std::max(1, inputChannels);
    qDeleteAll(rows_);
    rows_.clear();
    lastClips_ = QList<quint32>(tracks.size(), 0);
    live_ = QList<bool>(tracks.size(), false);
    for (const auto& t : tracks) {
        auto* row = new TrackRowWidget(t, inputChannels_, this);
        // Queued: the row that emits may be deleted by the rebuild the edit causes.
        connect(
            row, &TrackRowWidget::edited, this, [this] { emit tracksEdited(this->tracks()); },
            Qt::QueuedConnection);
        connect(
            row, &TrackRowWidget::removeRequested, this,
            [this, row] {
                QList<app::Track> remaining;
                for (TrackRowWidget* r : rows_) {
                    if (r != row) {
                        remaining.append(r->track());
                    }
                }
                emit tracksEdited(remaining);
            },
            Qt::QueuedConnection);
        row->installEventFilter(this);
        for (QWidget* child : row->findChildren<QWidget*>()) {
            child->installEventFilter(this);
        }
        rows_.append(row);
        row->show();
    }
    emit rowsChanged();
}

QList<app::Track> TrackListWidget::tracks() const {
    QList<app::Track> result;
    for (const TrackRowWidget* row : rows_) {
        result.append(row->track());
    }
    return result;
}

// The wheel over a header scrolls the lanes it sits beside, as it does over the lanes; an input
// box under the pointer must not take it (a host scrolling would change a track's input).
bool TrackListWidget::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Wheel && watched->isWidgetType()) {
        forwardWheel(static_cast<QWidget*>(watched), static_cast<QWheelEvent*>(event));
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void TrackListWidget::wheelEvent(QWheelEvent* event) {
    forwardWheel(this, event);
}

void TrackListWidget::forwardWheel(QWidget* from, QWheelEvent* event) {
    QWidget* lanes = parentWidget(); // the timeline's viewport, when hosted
    if (!lanes) {
        event->ignore();
        return;
    }
    QWheelEvent copy(from->mapTo(lanes, event->position()), event->globalPosition(),
                     event->pixelDelta(), event->angleDelta(), event->buttons(), event->modifiers(),
                     event->phase(), event->inverted(), event->source());
    QApplication::sendEvent(lanes, &copy);
    event->accept();
}

void TrackListWidget::addTrack() {
    QList<app::Track> list = tracks();
    int next = 0;
    for (const auto& t : list) {
        next = std::max(next, t.firstChannel + t.channels);
    }
    list.append({tr("Track %1").arg(list.size() + 1), std::min(next, inputChannels_ - 1), 1, true});
    emit tracksEdited(list);
}

void TrackListWidget::placeRows(const TimelineLayout& layout, int viewportHeight) {
    const int top = layout.lanesTop();
    // Below the ruler and chapter lane: rows scrolled up are clipped there, as the lanes are.
    setGeometry(0, top, TimelineLayout::headerWidth, std::max(0, viewportHeight - top));
    int bottom = 0; // of the last track's rows (its take lanes too), in this widget's pixels
    for (int i = 0; i < rows_.size(); ++i) {
        const TimelineRow* row = layout.trackRow(i);
        rows_[i]->setVisible(row != nullptr);
        if (row) {
            rows_[i]->setGeometry(0, row->top - top, TimelineLayout::headerWidth, row->height);
        }
    }
    for (const auto& r : layout.rows()) {
        bottom = std::max(bottom, r.top + r.height - top);
    }
    add_->adjustSize();
    add_->move(10, bottom + 8);
    raise();
}

void TrackListWidget::setLevels(const QList<app::TrackLevel>& levels) {
    for (int i = 0; i < rows_.size(); ++i) {
        LevelMeterWidget* meter = rows_[i]->meter();
        const app::TrackLevel level = i < levels.size() ? levels[i] : app::TrackLevel{};
        if (!level.live) {
            if (live_[i]) {
                meter->reset(); // the input closed: nothing is measured, show nothing
            }
            live_[i] = false;
            lastClips_[i] = 0; // the next reader counts from zero
            continue;
        }
        live_[i] = true;
        // A take's meter counts from zero again: what was shown belongs to the old count.
        if (level.clips < lastClips_[i]) {
            lastClips_[i] = 0;
        }
        // The engine counts clips cumulatively; the lamp lights on new ones only, so a click
        // on the meter can put it out.
        const bool newClip = level.clips > lastClips_[i];
        lastClips_[i] = level.clips;
        meter->setLevels(0, level.peakDb, level.rmsDb, newClip);
    }
}

void TrackListWidget::setRecording(bool recording) {
    for (TrackRowWidget* row : rows_) {
        row->setEditable(!recording);
    }
    add_->setEnabled(!recording);
}

} // namespace onair::ui
