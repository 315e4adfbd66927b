// TimelineView's right-click menus: clip fades and gain, chapter title/link/image, track gain
// and pan. Part of the TimelineView class (see TimelineView.h).
#include "app/ChapterImage.h"
#include "app/Edits.h"
#include "app/Studio.h"
#include "ui/TimelineView.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenu>
#include <optional>

namespace onair::ui {

void TimelineView::contextMenuEvent(QContextMenuEvent* event) {
    const QPoint pos = event->pos();
    if (!studio_.hasEpisode()) {
        return;
    }
    if (const QString id = markerAt(pos); !id.isEmpty()) {
        markerMenu(id, event->globalPos());
        return;
    }
    const TimelineRow* row = layout_.rowAt(pos.y());
    if (row && row->kind == TimelineRow::Track && pos.x() < TimelineLayout::headerWidth) {
        headerMenu(row->track, event->globalPos());
        return;
    }
    int track = -1;
    if (const app::Clip* c = clipAt(pos, &track)) {
        clipMenu(c->id, event->globalPos());
    }
}

void TimelineView::clipMenu(const QString& clipId, const QPoint& globalPos) {
    // A copy: the menu and its dialogs run event loops in which a take may end and change the
    // clip lists.
    const std::optional<app::Clip> c = [&]() -> std::optional<app::Clip> {
        const app::Clip* found = app::Edits::findClip(studio_.episode(), clipId);
        return found ? std::optional<app::Clip>(*found) : std::nullopt;
    }();
    if (!c) {
        return;
    }
    const double rate = studio_.episode().sampleRate;
    QMenu menu(this);
    menu.addAction(tr("Split at Playhead"), this, [this, clipId] {
        selectedClips_ = {clipId};
        splitAtPlayhead();
    });
    menu.addAction(tr("Fade In…"), this, [=, this] {
        bool ok = false;
        const double s = QInputDialog::getDouble(this, tr("Fade In"), tr("Seconds:"),
                                                 double(c->fadeIn) / rate, 0, 600, 2, &ok);
        if (ok) {
            const qint64 out = c->fadeOut;
            apply(tr("Fade in"), [&](app::Episode& e) {
                return app::Edits::setFades(e, clipId, qint64(s * rate), out);
            });
        }
    });
    menu.addAction(tr("Fade Out…"), this, [=, this] {
        bool ok = false;
        const double s = QInputDialog::getDouble(this, tr("Fade Out"), tr("Seconds:"),
                                                 double(c->fadeOut) / rate, 0, 600, 2, &ok);
        if (ok) {
            const qint64 in = c->fadeIn;
            apply(tr("Fade out"), [&](app::Episode& e) {
                return app::Edits::setFades(e, clipId, in, qint64(s * rate));
            });
        }
    });
    menu.addAction(tr("Clip Gain…"), this, [=, this] {
        bool ok = false;
        const double db =
            QInputDialog::getDouble(this, tr("Clip Gain"), tr("dB:"), c->gainDb, -96, 24, 1, &ok);
        if (ok) {
            apply(tr("Clip gain"),
                  [&](app::Episode& e) { return app::Edits::setClipGain(e, clipId, db); });
        }
    });
    menu.addSeparator();
    menu.addAction(tr("Delete"), this, [this, clipId] {
        selectedClips_ = {clipId};
        selectedMarker_.clear();
        deleteSelection();
    });
    menu.exec(globalPos);
}

void TimelineView::markerMenu(const QString& markerId, const QPoint& globalPos) {
    const app::Marker* found = app::Edits::findMarker(studio_.episode(), markerId);
    if (!found) {
        return;
    }
    const std::optional<app::Marker> m = *found; // a copy, as in clipMenu
    QMenu menu(this);
    menu.addAction(tr("Rename…"), this, [=, this] {
        bool ok = false;
        const QString title = QInputDialog::getText(this, tr("Chapter"), tr("Title:"),
                                                    QLineEdit::Normal, m->title, &ok);
        if (ok) {
            apply(tr("Rename chapter"),
                  [&](app::Episode& e) { return app::Edits::renameMarker(e, markerId, title); });
        }
    });
    menu.addAction(tr("Link (URL)…"), this, [=, this] {
        bool ok = false;
        const QString url = QInputDialog::getText(this, tr("Chapter link"), tr("URL:"),
                                                  QLineEdit::Normal, m->url, &ok);
        if (ok) {
            apply(tr("Chapter link"),
                  [&](app::Episode& e) { return app::Edits::setMarkerUrl(e, markerId, url); });
        }
    });
    menu.addAction(tr("Image…"), this, [=, this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Chapter image"), QString(),
                                                          tr("Images (*.jpg *.jpeg *.png)"));
        if (file.isEmpty()) {
            return;
        }
        QString relative;
        if (const QString err = app::addChapterImage(studio_.folder(), file, &relative);
            !err.isEmpty()) {
            emit message(err);
            return;
        }
        apply(tr("Chapter image"),
              [&](app::Episode& e) { return app::Edits::setMarkerImage(e, markerId, relative); });
    });
    menu.addSeparator();
    menu.addAction(tr("Delete"), this, [this, markerId] {
        selectedMarker_ = markerId;
        deleteSelection();
    });
    menu.exec(globalPos);
}

void TimelineView::headerMenu(int track, const QPoint& globalPos) {
    const app::Track t = studio_.episode().tracks()[track]; // a copy, as in clipMenu
    QMenu menu(this);
    menu.addAction(tr("Track Gain…"), this, [=, this] {
        bool ok = false;
        const double db =
            QInputDialog::getDouble(this, tr("Track Gain"), tr("dB:"), t.gainDb, -96, 24, 1, &ok);
        if (ok) {
            apply(tr("Track gain"),
                  [&](app::Episode& e) { return app::Edits::setTrackGain(e, track, db); });
        }
    });
    menu.addAction(tr("Pan…"), this, [=, this] {
        bool ok = false;
        const int pan = QInputDialog::getInt(this, tr("Pan"), tr("Left -100 … Right +100:"),
                                             qRound(t.pan * 100), -100, 100, 5, &ok);
        if (ok) {
            apply(tr("Track pan"),
                  [&](app::Episode& e) { return app::Edits::setTrackPan(e, track, pan / 100.0); });
        }
    });
    menu.exec(globalPos);
}

} // namespace onair::ui
