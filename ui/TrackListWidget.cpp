#include "ui/TrackListWidget.h"

#include "ui/LevelMeterWidget.h"
#include "ui/TrackRowWidget.h"

#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace onair::ui {

TrackListWidget::TrackListWidget(QWidget* parent)
    : QWidget(parent) {
    setObjectName(QStringLiteral("trackList"));
    auto* content = new QWidget(this);
    rowsLayout_ = new QVBoxLayout(content);
    rowsLayout_->setContentsMargins(0, 6, 0, 6);
    rowsLayout_->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    add_ = new QPushButton(tr("Add Track"), this);
    add_->setObjectName(QStringLiteral("addTrackButton"));
    connect(add_, &QPushButton::clicked, this, &TrackListWidget::addTrack);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    layout->addWidget(add_, 0, Qt::AlignLeft);
}

void TrackListWidget::setTracks(const QList<app::Track>& tracks, int inputChannels) {
    inputChannels_ = std::max(1, inputChannels);
    qDeleteAll(rows_);
    rows_.clear();
    lastClips_.clear();
    for (const auto& t : tracks) {
        auto* row = new TrackRowWidget(t, inputChannels_, this);
        rowsLayout_->insertWidget(rowsLayout_->count() - 1, row);
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
        rows_.append(row);
    }
}

QList<app::Track> TrackListWidget::tracks() const {
    QList<app::Track> result;
    for (const TrackRowWidget* row : rows_) {
        result.append(row->track());
    }
    return result;
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

void TrackListWidget::setLevels(const QList<app::TrackLevel>& levels) {
    int armed = 0;
    for (TrackRowWidget* row : rows_) {
        if (!row->track().armed) {
            row->meter()->setLevels(0, -1e9, -1e9, false);
            continue;
        }
        const app::TrackLevel level = armed < levels.size() ? levels[armed] : app::TrackLevel{};
        if (lastClips_.size() <= armed) {
            lastClips_.resize(armed + 1, 0);
        }
        // The engine counts clips for the whole take; the meter lights on new ones only, so a
        // click on the meter can clear its lamp.
        const bool newClip = level.clips > lastClips_[armed];
        lastClips_[armed] = level.clips;
        for (int c = 0; c < row->meter()->channelCount(); ++c) {
            row->meter()->setLevels(c, level.peakDb, level.rmsDb, newClip);
        }
        ++armed;
    }
}

void TrackListWidget::setRecording(bool recording) {
    for (TrackRowWidget* row : rows_) {
        row->setEditable(!recording);
    }
    add_->setEnabled(!recording);
}

} // namespace onair::ui
