#include "ui/TimelineView.h"

#include "app/Edits.h"
#include "app/Studio.h"
#include "ui/TimelinePainter.h"
#include "ui/TrackListWidget.h"

#include <QContextMenuEvent>
#include <QInputDialog>
#include <QPainter>
#include <QScrollBar>
#include <cmath>

namespace onair::ui {
namespace {

constexpr int edgeGrip = 6;   // px either side of a clip edge that grab the edge, not the clip
constexpr int snapPixels = 8; // how close an edge must come to snap
constexpr int dragThreshold = 3;

QRect muteBox(const TimelineRow& row) {
    return QRect(10, row.top + 28, 22, 18);
}
QRect soloBox(const TimelineRow& row) {
    return QRect(36, row.top + 28, 22, 18);
}

} // namespace

TimelineView::TimelineView(app::Studio& studio, QWidget* parent)
    : QAbstractScrollArea(parent)
    , studio_(studio) {
    setObjectName(QStringLiteral("timeline"));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setMinimumHeight(200);
    connect(&studio_, &app::Studio::episodeChanged, this, [this] {
        relayout();
        // A newly opened episode, or the first audio in an empty one, is shown whole. Later
        // edits keep the zoom, so a clip dragged past the end does not rescale under the mouse.
        const bool fresh = studio_.folder() != shownFolder_ ||
                           (shownDuration_ == 0 && studio_.episode().duration() > 0);
        shownFolder_ = studio_.folder();
        shownDuration_ = studio_.episode().duration();
        if (fresh) {
            zoomToFit();
        }
    });
    connect(&studio_, &app::Studio::playheadChanged, this, [this](qint64 frame) {
        // Follow the playhead while playing: page along when it leaves the view.
        const double x = layout_.xOf(frame);
        if (studio_.playing() &&
            (x > viewport()->width() - 20 || x < TimelineLayout::headerWidth)) {
            horizontalScrollBar()->setValue(int(double(frame) / layout_.framesPerPixel) - 40);
        }
        viewport()->update();
    });
    connect(&studio_.peaks(), &app::PeakCache::ready, viewport(), qOverload<>(&QWidget::update));
    connect(&studio_, &app::Studio::tick, this, [this] {
        if (studio_.recording()) {
            followRecordHead();
        }
    });
    relayout();
}

void TimelineView::setTrackHeaders(TrackListWidget* headers) {
    headers_ = headers;
    headers_->setParent(viewport());
    connect(headers_, &TrackListWidget::rowsChanged, this, &TimelineView::placeHeaders);
    placeHeaders();
    headers_->show();
}

void TimelineView::placeHeaders() {
    if (headers_) {
        headers_->placeRows(layout_, viewport()->height());
    }
}

void TimelineView::followRecordHead() {
    const app::LiveTake live = studio_.liveTake();
    const qint64 head = live.position + live.frames;
    updateScrollBars(); // the take may have grown past the scrollable room
    const double x = layout_.xOf(head);
    if (x > viewport()->width() - 20 || x < TimelineLayout::headerWidth) {
        // Page along as playback does: the head goes back near the left edge.
        horizontalScrollBar()->setValue(int(double(head) / layout_.framesPerPixel) - 40);
    }
    viewport()->update();
}

void TimelineView::relayout() {
    // An undo or another edit may have taken selected clips or markers away.
    const app::Episode& e = studio_.episode();
    selectedClips_.removeIf([&](const QString& id) { return !app::Edits::findClip(e, id); });
    if (!selectedMarker_.isEmpty() && !app::Edits::findMarker(e, selectedMarker_)) {
        selectedMarker_.clear();
    }
    if (!studio_.hasEpisode()) {
        userZoomed_ = false;
        selectedClips_.clear();
        selectedMarker_.clear();
    }
    layout_.update(studio_.episode(), takeLanes_, verticalScrollBar()->value());
    updateScrollBars();
    placeHeaders();
    viewport()->update();
}

void TimelineView::updateScrollBars() {
    const double lanesWidth = std::max(1, viewport()->width() - TimelineLayout::headerWidth);
    // Room after the end (or the take being recorded) to record and to drag clips into.
    const app::LiveTake live = studio_.recording() ? studio_.liveTake() : app::LiveTake{};
    const double frames =
        double(std::max(studio_.episode().duration(), live.position + live.frames)) +
        60.0 * studio_.episode().sampleRate;
    const double pixels = frames / layout_.framesPerPixel;
    QScrollBar* h = horizontalScrollBar();
    h->setRange(0, std::max(0, int(pixels - lanesWidth)));
    h->setPageStep(int(lanesWidth));
    h->setSingleStep(20);
    QScrollBar* v = verticalScrollBar();
    v->setRange(0,
                std::max(0, layout_.contentHeight() - (viewport()->height() - layout_.lanesTop())));
    v->setPageStep(viewport()->height());
    v->setSingleStep(20);
    layout_.viewStart = double(h->value()) * layout_.framesPerPixel;
}

void TimelineView::setFramesPerPixel(double fpp, double anchorX) {
    // At most one frame per pixel in; at most the whole of a day in a screen out.
    fpp = std::clamp(fpp, 1.0, 86400.0 * studio_.episode().sampleRate / 1000.0);
    const qint64 anchor = layout_.frameAt(anchorX);
    layout_.framesPerPixel = fpp;
    updateScrollBars();
    const double start = double(anchor) - (anchorX - TimelineLayout::headerWidth) * fpp;
    horizontalScrollBar()->setValue(int(std::max(0.0, start) / fpp));
    layout_.viewStart = double(horizontalScrollBar()->value()) * fpp;
    viewport()->update();
}

void TimelineView::zoomBy(double factor) {
    userZoomed_ = true;
    setFramesPerPixel(layout_.framesPerPixel * factor,
                      (TimelineLayout::headerWidth + viewport()->width()) / 2.0);
}

void TimelineView::zoomToFit() {
    const qint64 duration = studio_.episode().duration();
    const double width = std::max(100, viewport()->width() - TimelineLayout::headerWidth - 20);
    const double frames = duration > 0 ? double(duration) : 60.0 * studio_.episode().sampleRate;
    userZoomed_ = false;
    setFramesPerPixel(frames / width, TimelineLayout::headerWidth);
    horizontalScrollBar()->setValue(0);
}

void TimelineView::setTakeLanesVisible(bool visible) {
    takeLanes_ = visible;
    relayout();
}

void TimelineView::selectClips(const QSet<QString>& ids) {
    selectedClips_ = ids;
    viewport()->update();
}

void TimelineView::setSelection(qint64 start, qint64 end) {
    rangeA_ = start;
    rangeB_ = end;
    viewport()->update();
}

void TimelineView::apply(const QString& text, const std::function<QString(app::Episode&)>& op,
                         int gesture) {
    if (!studio_.hasEpisode()) {
        return;
    }
    if (const QString err = studio_.document().edit(text, op, gesture); !err.isEmpty()) {
        emit message(err);
    }
}

void TimelineView::splitAtPlayhead() {
    const QStringList ids(selectedClips_.begin(), selectedClips_.end());
    const qint64 at = studio_.playhead();
    apply(tr("Split"), [&](app::Episode& e) { return app::Edits::splitAt(e, at, ids); });
}

void TimelineView::deleteSelection() {
    if (!selectedMarker_.isEmpty()) {
        const QString id = selectedMarker_;
        selectedMarker_.clear();
        apply(tr("Delete marker"),
              [&](app::Episode& e) { return app::Edits::deleteMarker(e, id); });
        return;
    }
    if (!selectedClips_.isEmpty()) {
        const QStringList ids(selectedClips_.begin(), selectedClips_.end());
        selectedClips_.clear();
        apply(tr("Delete clips"), [&](app::Episode& e) { return app::Edits::deleteClips(e, ids); });
        return;
    }
    if (selectionEnd() > selectionStart()) {
        // A time range without clips chosen: clear it on every track, leaving a gap.
        const qint64 a = selectionStart();
        const qint64 b = selectionEnd();
        apply(tr("Delete range"), [&](app::Episode& e) { return app::Edits::clearRange(e, a, b); });
    }
}

void TimelineView::rippleDeleteSelection() {
    const qint64 a = selectionStart();
    const qint64 b = selectionEnd();
    if (b <= a) {
        emit message(tr("Select a time range first (drag across empty space or over clips)."));
        return;
    }
    apply(tr("Ripple delete"), [&](app::Episode& e) { return app::Edits::rippleDelete(e, a, b); });
    setSelection(a, a);
    studio_.setPlayhead(a);
}

void TimelineView::addChapterAtPlayhead() {
    app::Marker m;
    m.at = studio_.playhead();
    int chapters = 1;
    for (const auto& existing : studio_.episode().markers()) {
        chapters += existing.kind == app::MarkerKind::Chapter ? 1 : 0;
    }
    m.title = tr("Chapter %1").arg(chapters);
    QString id;
    apply(tr("Add chapter"), [&](app::Episode& e) { return app::Edits::addMarker(e, m, &id); });
    selectedMarker_ = id;
}

const app::Clip* TimelineView::clipAt(const QPoint& p, int* track) const {
    const TimelineRow* row = layout_.rowAt(p.y());
    if (!row || row->kind != TimelineRow::Track || p.x() < TimelineLayout::headerWidth) {
        return nullptr;
    }
    const qint64 frame = layout_.frameAt(p.x());
    const double grip = edgeGrip * layout_.framesPerPixel;
    for (const auto& c : studio_.episode().tracks()[row->track].clips) {
        if (frame >= c.position - grip && frame < c.end() + grip) {
            *track = row->track;
            return &c;
        }
    }
    return nullptr;
}

QString TimelineView::markerAt(const QPoint& p) const {
    if (p.y() < TimelineLayout::rulerHeight || p.y() >= layout_.lanesTop()) {
        return {};
    }
    QString best;
    double bestDistance = 8;
    for (const auto& m : studio_.episode().markers()) {
        const double d = std::abs(layout_.xOf(m.at) + 3 - p.x());
        if (d < bestDistance) {
            best = m.id;
            bestDistance = d;
        }
    }
    return best;
}

qint64 TimelineView::snap(qint64 frame, const QString& ignoreClip) const {
    qint64 best = frame;
    double bestDistance = snapPixels * layout_.framesPerPixel;
    const auto consider = [&](qint64 candidate) {
        const double d = std::abs(double(candidate - frame));
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    };
    consider(0);
    consider(studio_.playhead());
    for (const auto& t : studio_.episode().tracks()) {
        for (const auto& c : t.clips) {
            if (c.id != ignoreClip) {
                consider(c.position);
                consider(c.end());
            }
        }
    }
    for (const auto& m : studio_.episode().markers()) {
        consider(m.at);
    }
    return best;
}

void TimelineView::paintEvent(QPaintEvent*) {
    QPainter p(viewport());
    TimelineState st;
    st.selectedClips = selectedClips_;
    st.selectedMarker = selectedMarker_;
    st.rangeStart = selectionStart();
    st.rangeEnd = selectionEnd();
    st.playhead = studio_.playhead();
    app::LiveTake live;
    if (studio_.recording()) {
        live = studio_.liveTake();
        st.live = &live;
        st.playhead = live.position + live.frames; // the record head
    }
    if (!studio_.hasEpisode()) {
        p.fillRect(viewport()->rect(), QColor(0x1c, 0x1d, 0x21));
        return;
    }
    paintTimeline(p, viewport()->rect(), layout_, studio_.episode(), studio_.peaks(), st);
}

void TimelineView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    if (!userZoomed_) {
        zoomToFit();
    }
    updateScrollBars();
    placeHeaders();
}

void TimelineView::scrollContentsBy(int, int) {
    layout_.viewStart = double(horizontalScrollBar()->value()) * layout_.framesPerPixel;
    layout_.update(studio_.episode(), takeLanes_, verticalScrollBar()->value());
    placeHeaders();
    viewport()->update();
}

void TimelineView::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (event->modifiers() & Qt::ControlModifier) {
        userZoomed_ = true;
        setFramesPerPixel(layout_.framesPerPixel * std::pow(0.8, steps), event->position().x());
        event->accept();
        return;
    }
    if (event->modifiers() & Qt::ShiftModifier) {
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - int(steps * 60));
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void TimelineView::mousePressEvent(QMouseEvent* event) {
    setFocus();
    rangeBeforePressA_ = rangeA_;
    rangeBeforePressB_ = rangeB_;
    const QPoint pos = event->position().toPoint();
    pressPos_ = pos;
    dragStarted_ = false;
    drag_ = Drag::None;
    pressFrame_ = std::max<qint64>(0, layout_.frameAt(pos.x()));
    if (event->button() != Qt::LeftButton || !studio_.hasEpisode()) {
        return;
    }
    if (pos.y() < TimelineLayout::rulerHeight) {
        drag_ = Drag::Seek;
        studio_.setPlayhead(pressFrame_);
        return;
    }
    if (const QString m = markerAt(pos); !m.isEmpty()) {
        selectedMarker_ = m;
        selectedClips_.clear();
        drag_ = Drag::Marker;
        gesture_ = studio_.document().beginGesture();
        viewport()->update();
        return;
    }
    const TimelineRow* row = layout_.rowAt(pos.y());
    if (row && pos.x() < TimelineLayout::headerWidth && row->kind == TimelineRow::Track) {
        const int t = row->track;
        const app::Track& track = studio_.episode().tracks()[t];
        if (muteBox(*row).contains(pos)) {
            const bool mute = !track.mute;
            apply(mute ? tr("Mute track") : tr("Unmute track"),
                  [&](app::Episode& e) { return app::Edits::setTrackMute(e, t, mute); });
        } else if (soloBox(*row).contains(pos)) {
            const bool solo = !track.solo;
            apply(solo ? tr("Solo track") : tr("Unsolo track"),
                  [&](app::Episode& e) { return app::Edits::setTrackSolo(e, t, solo); });
        }
        return;
    }
    selectedMarker_.clear();
    int track = -1;
    if (const app::Clip* c = clipAt(pos, &track)) {
        dragClip_ = c->id;
        dragClipPosition_ = c->position;
        dragClipEnd_ = c->end();
        const double x0 = layout_.xOf(c->position);
        const double x1 = layout_.xOf(c->end());
        if (std::abs(pos.x() - x0) <= edgeGrip && x1 - x0 > 2 * edgeGrip) {
            drag_ = Drag::TrimStart;
        } else if (std::abs(pos.x() - x1) <= edgeGrip && x1 - x0 > 2 * edgeGrip) {
            drag_ = Drag::TrimEnd;
        } else {
            drag_ = Drag::Move;
        }
        if (event->modifiers() & Qt::ControlModifier) {
            if (!selectedClips_.remove(c->id)) {
                selectedClips_.insert(c->id);
            }
        } else if (!selectedClips_.contains(c->id)) {
            selectedClips_ = {c->id};
        }
        gesture_ = studio_.document().beginGesture();
        viewport()->update();
        return;
    }
    // Empty lane: the playhead goes here and a range selection may start.
    selectedClips_.clear();
    drag_ = Drag::Range;
    if (event->modifiers() & Qt::ShiftModifier) {
        rangeB_ = pressFrame_;
    } else {
        rangeA_ = rangeB_ = pressFrame_;
        studio_.setPlayhead(pressFrame_);
    }
    viewport()->update();
}

void TimelineView::mouseMoveEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    if (drag_ == Drag::None) {
        // Show what a press would grab.
        int track = -1;
        Qt::CursorShape shape = Qt::ArrowCursor;
        if (const app::Clip* c = clipAt(pos, &track)) {
            const double x0 = layout_.xOf(c->position);
            const double x1 = layout_.xOf(c->end());
            shape = (std::abs(pos.x() - x0) <= edgeGrip || std::abs(pos.x() - x1) <= edgeGrip)
                        ? Qt::SizeHorCursor
                        : Qt::OpenHandCursor;
        }
        viewport()->setCursor(shape);
        return;
    }
    if (!dragStarted_ && (pos - pressPos_).manhattanLength() < dragThreshold) {
        return;
    }
    dragStarted_ = true;
    const qint64 frame = std::max<qint64>(0, layout_.frameAt(pos.x()));
    const qint64 delta = frame - pressFrame_;
    switch (drag_) {
    case Drag::Seek:
        studio_.setPlayhead(frame);
        break;
    case Drag::Range:
        rangeB_ = snap(frame, {});
        viewport()->update();
        break;
    case Drag::Marker: {
        const QString id = selectedMarker_;
        const qint64 at = snap(frame, {});
        apply(
            tr("Move marker"), [&](app::Episode& e) { return app::Edits::moveMarker(e, id, at); },
            gesture_);
        break;
    }
    case Drag::Move: {
        // Snap whichever edge of the clip comes closer to something.
        qint64 start = std::max<qint64>(0, dragClipPosition_ + delta);
        const qint64 length = dragClipEnd_ - dragClipPosition_;
        const qint64 snappedStart = snap(start, dragClip_);
        const qint64 snappedEnd = snap(start + length, dragClip_);
        if (snappedStart != start) {
            start = snappedStart;
        } else if (snappedEnd != start + length) {
            start = std::max<qint64>(0, snappedEnd - length);
        }
        const TimelineRow* row = layout_.rowAt(pos.y());
        int track = -1;
        app::Edits::findClip(studio_.episode(), dragClip_, &track);
        if (row) {
            track = row->track;
        }
        const QString id = dragClip_;
        apply(
            tr("Move clip"),
            [&](app::Episode& e) { return app::Edits::moveClip(e, id, track, start); }, gesture_);
        break;
    }
    case Drag::TrimStart: {
        const qint64 at = snap(dragClipPosition_ + delta, dragClip_);
        const QString id = dragClip_;
        apply(
            tr("Trim clip"), [&](app::Episode& e) { return app::Edits::trimClipStart(e, id, at); },
            gesture_);
        break;
    }
    case Drag::TrimEnd: {
        const qint64 at = snap(dragClipEnd_ + delta, dragClip_);
        const QString id = dragClip_;
        apply(
            tr("Trim clip"), [&](app::Episode& e) { return app::Edits::trimClipEnd(e, id, at); },
            gesture_);
        break;
    }
    case Drag::None:
        break;
    }
}

void TimelineView::mouseReleaseEvent(QMouseEvent*) {
    drag_ = Drag::None;
    gesture_ = 0;
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    if (!studio_.hasEpisode()) {
        return;
    }
    const qint64 frame = std::max<qint64>(0, layout_.frameAt(pos.x()));
    if (pos.y() >= TimelineLayout::rulerHeight && pos.y() < layout_.lanesTop()) {
        if (const QString id = markerAt(pos); !id.isEmpty()) {
            const QString current = app::Edits::findMarker(studio_.episode(), id)->title;
            bool ok = false;
            const QString title = QInputDialog::getText(this, tr("Chapter"), tr("Title:"),
                                                        QLineEdit::Normal, current, &ok);
            if (ok) {
                apply(tr("Rename chapter"),
                      [&](app::Episode& e) { return app::Edits::renameMarker(e, id, title); });
            }
        } else {
            studio_.setPlayhead(frame);
            addChapterAtPlayhead();
        }
        return;
    }
    if (const TimelineRow* row = layout_.rowAt(pos.y());
        row && row->kind == TimelineRow::TakeLane) {
        rangeA_ = rangeBeforePressA_;
        rangeB_ = rangeBeforePressB_;
        viewport()->update();
        useTakeAt(*row, frame);
    }
}

void TimelineView::useTakeAt(const TimelineRow& row, qint64 frame) {
    const app::Take* take = studio_.episode().findTake(row.takeId);
    if (!take) {
        return;
    }
    qint64 from = take->position;
    qint64 to = take->position + take->frames;
    // With a time selection over the click, only that part of the take comes in.
    if (selectionEnd() > selectionStart() && frame >= selectionStart() && frame < selectionEnd()) {
        from = std::max(from, selectionStart());
        to = std::min(to, selectionEnd());
    }
    const QString id = take->id;
    const int track = row.track;
    apply(tr("Use take"),
          [&](app::Episode& e) { return app::Edits::useTake(e, track, id, from, to); });
}

void TimelineView::keyPressEvent(QKeyEvent* event) {
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    switch (event->key()) {
    case Qt::Key_S:
        if (!ctrl) {
            splitAtPlayhead();
            return;
        }
        break;
    case Qt::Key_M:
        if (!ctrl) {
            addChapterAtPlayhead();
            return;
        }
        break;
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
        shift ? rippleDeleteSelection() : deleteSelection();
        return;
    case Qt::Key_Home:
        studio_.setPlayhead(0);
        horizontalScrollBar()->setValue(0);
        return;
    case Qt::Key_End:
        studio_.setPlayhead(studio_.episode().duration());
        horizontalScrollBar()->setValue(horizontalScrollBar()->maximum());
        return;
    case Qt::Key_F:
        if (ctrl) {
            zoomToFit();
            return;
        }
        break;
    case Qt::Key_Escape:
        selectedClips_.clear();
        selectedMarker_.clear();
        setSelection(0, 0);
        return;
    default:
        break;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

} // namespace onair::ui
