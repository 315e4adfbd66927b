#pragma once

#include "ui/TimelineLayout.h"

#include <QAbstractScrollArea>
#include <QSet>

namespace onair::app {
class Studio;
}

namespace onair::ui {

class TrackListWidget;

// The episode's timeline: ruler, chapter lane, one lane per track with its clips' waveforms,
// and (optionally) one thin lane per take under its track to choose which take plays.
//
// Mouse: click the ruler to move the playhead; drag a clip to move it (also to another track),
// drag its edges to trim, with snapping to clip edges, markers and the playhead; drag on empty
// lane space to select a time range; double-click a take lane to play that take there (over the
// selected range, or the whole take). Chapters: double-click the chapter lane to add one, drag
// a flag to move it, double-click it to rename, right-click for URL, image and delete.
// Keys: S split, Delete, Shift+Delete ripple delete, M chapter at the playhead, Home/End,
// Ctrl+wheel zoom, Shift+wheel scroll, Ctrl+F zoom to fit.
class TimelineView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit TimelineView(app::Studio& studio, QWidget* parent = nullptr);

    const TimelineLayout& layout() const { return layout_; }
    void setFramesPerPixel(double fpp, double anchorX);
    // Zooms by `factor` around the middle of the view and stops following the episode's length.
    void zoomBy(double factor);
    void zoomToFit();
    void setTakeLanesVisible(bool visible);
    // The track headers (arm, name, input, meter) over the header column, each beside its lane:
    // they move with the lanes' heights and the vertical scroll.
    void setTrackHeaders(TrackListWidget* headers);

    const QSet<QString>& selectedClips() const { return selectedClips_; }
    void selectClips(const QSet<QString>& ids);
    QString selectedMarker() const { return selectedMarker_; }
    // The selected time range, or an empty one (start == end).
    qint64 selectionStart() const { return std::min(rangeA_, rangeB_); }
    qint64 selectionEnd() const { return std::max(rangeA_, rangeB_); }
    void setSelection(qint64 start, qint64 end);

    // The edits the keys and menus trigger; each shows its error in the status bar.
    void splitAtPlayhead();
    void deleteSelection();
    void rippleDeleteSelection();
    void addChapterAtPlayhead();

signals:
    void message(const QString& text);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    enum class Drag { None, Seek, Move, TrimStart, TrimEnd, Range, Marker };

    void relayout();
    void updateScrollBars();
    void placeHeaders();
    // While recording: the playhead is the record head, and the view pages along with it.
    void followRecordHead();
    void apply(const QString& text, const std::function<QString(app::Episode&)>& op,
               int gesture = 0);
    // Clip under a viewport point (its track through *track), or nullptr.
    const app::Clip* clipAt(const QPoint& p, int* track) const;
    QString markerAt(const QPoint& p) const;
    qint64 snap(qint64 frame, const QString& ignoreClip) const;
    void clipMenu(const QString& clipId, const QPoint& globalPos);
    void markerMenu(const QString& markerId, const QPoint& globalPos);
    void headerMenu(int track, const QPoint& globalPos);
    void useTakeAt(const TimelineRow& row, qint64 frame);

    app::Studio& studio_;
    TimelineLayout layout_;
    TrackListWidget* headers_ = nullptr;
    bool takeLanes_ = true;
    bool userZoomed_ = false; // until then a resize keeps the whole episode in sight
    QString shownFolder_;
    qint64 shownDuration_ = 0;

    QSet<QString> selectedClips_;
    QString selectedMarker_;
    qint64 rangeA_ = 0;
    qint64 rangeB_ = 0;
    // The range as it was before the last press: the first click of a double-click clears the
    // range, and the double-click must still use it.
    qint64 rangeBeforePressA_ = 0;
    qint64 rangeBeforePressB_ = 0;

    Drag drag_ = Drag::None;
    QPoint pressPos_;
    bool dragStarted_ = false;
    int gesture_ = 0;
    QString dragClip_;
    qint64 dragClipPosition_ = 0; // where the dragged clip started
    qint64 dragClipEnd_ = 0;
    qint64 pressFrame_ = 0;
};

} // namespace onair::ui
