#include "ui/TimelinePainter.h"

#include "app/PeakCache.h"
#include "app/Studio.h"

#include <QPainter>
#include <QPainterPath>
#include <array>
#include <cmath>
#include <vector>

namespace onair::ui {
namespace {

const QColor background(0x1c, 0x1d, 0x21);
const QColor laneA(0x24, 0x26, 0x2b);
const QColor laneB(0x21, 0x23, 0x28);
const QColor takeLane(0x1a, 0x1b, 0x1f);
const QColor header(0x2c, 0x2e, 0x34);
const QColor text(0xe6, 0xe6, 0xea);
const QColor dimText(0x9a, 0x9c, 0xa4);
const QColor playheadColour(0xff, 0x4d, 0x4d);
const QColor chapterColour(0xf5, 0xb8, 0x41);
const QColor retakeColour(0xe0, 0x5a, 0xd0);
const QColor recordingColour(0xe0, 0x3a, 0x3a);

QColor trackColour(int track) {
    static const std::array<QColor, 6> colours{QColor(0x4a, 0x90, 0xd9), QColor(0x4c, 0xb0, 0x7a),
                                               QColor(0xd9, 0x8c, 0x4a), QColor(0x9b, 0x6b, 0xd6),
                                               QColor(0xd9, 0x5b, 0x6e), QColor(0x4a, 0xb8, 0xc0)};
    return colours[std::size_t(track) % colours.size()];
}

QString timeLabel(double seconds, double step) {
    const qint64 s = static_cast<qint64>(std::floor(seconds + 1e-9));
    QString label = s >= 3600
                        ? QStringLiteral("%1:%2:%3")
                              .arg(s / 3600)
                              .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
                              .arg(s % 60, 2, 10, QLatin1Char('0'))
                        : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (step < 1.0) {
        label += QStringLiteral(".%1").arg(qRound((seconds - double(s)) * 10.0) % 10);
    }
    return label;
}

void paintRuler(QPainter& p, const QRect& area, const TimelineLayout& l, double rate,
                const TimelineState& st) {
    const QRect ruler(area.left(), 0, area.width(), TimelineLayout::rulerHeight);
    p.fillRect(ruler, header);
    if (st.loopEnd > st.loopStart) {
        const double x0 = l.xOf(st.loopStart);
        const double x1 = l.xOf(st.loopEnd);
        p.fillRect(QRectF(x0, TimelineLayout::rulerHeight - 6, x1 - x0, 6),
                   QColor(0x4c, 0xb0, 0x7a));
    }
    // A label every >= 90 px, from a list of steps people count in.
    static const double steps[] = {0.1, 0.5, 1,   2,   5,   10,   15,   30,
                                   60,  120, 300, 600, 900, 1800, 3600, 7200};
    double step = steps[std::size(steps) - 1];
    for (double s : steps) {
        if (s * rate / l.framesPerPixel >= 90.0) {
            step = s;
            break;
        }
    }
    const double first = std::floor(l.viewStart / rate / step) * step;
    const double last = double(l.frameAt(area.right())) / rate;
    p.setPen(dimText);
    QFont f = p.font();
    f.setPointSizeF(f.pointSizeF() * 0.85);
    p.setFont(f);
    for (double t = std::max(0.0, first); t <= last; t += step) {
        const double x = l.xOf(static_cast<qint64>(t * rate));
        if (x < TimelineLayout::headerWidth) {
            continue;
        }
        p.drawLine(QPointF(x, TimelineLayout::rulerHeight - 8),
                   QPointF(x, TimelineLayout::rulerHeight));
        p.drawText(QPointF(x + 3, 14), timeLabel(t, step));
        const double minor = x + step * rate / l.framesPerPixel / 2;
        p.drawLine(QPointF(minor, TimelineLayout::rulerHeight - 4),
                   QPointF(minor, TimelineLayout::rulerHeight));
    }
}

void paintChapters(QPainter& p, const QRect& area, const TimelineLayout& l, const app::Episode& e,
                   const TimelineState& st) {
    const int top = TimelineLayout::rulerHeight;
    p.fillRect(QRect(area.left(), top, area.width(), TimelineLayout::chapterHeight),
               QColor(0x26, 0x27, 0x2c));
    const auto& markers = e.markers();
    for (int i = 0; i < markers.size(); ++i) {
        const auto& m = markers[i];
        const double x = l.xOf(m.at);
        if (x > area.right() || x < TimelineLayout::headerWidth - 200) {
            continue;
        }
        const QColor c = m.kind == app::MarkerKind::Chapter ? chapterColour : retakeColour;
        const bool selected = m.id == st.selectedMarker;
        QPainterPath flag;
        flag.moveTo(x, top + 3);
        flag.lineTo(x + 9, top + 8);
        flag.lineTo(x, top + 13);
        flag.closeSubpath();
        p.fillPath(flag, selected ? Qt::white : c);
        p.setPen(QPen(c, selected ? 2 : 1));
        p.drawLine(QPointF(x, top + 2), QPointF(x, top + TimelineLayout::chapterHeight));
        // The title runs up to the next marker.
        double room = 400;
        if (i + 1 < markers.size()) {
            room = l.xOf(markers[i + 1].at) - x - 14;
        }
        if (room > 20) {
            p.setPen(selected ? Qt::white : text);
            const QString title = m.kind == app::MarkerKind::Retake && m.title.isEmpty()
                                      ? QObject::tr("retake")
                                      : m.title;
            p.drawText(QRectF(x + 12, top + 2, room, TimelineLayout::chapterHeight - 4),
                       Qt::AlignVCenter | Qt::AlignLeft,
                       p.fontMetrics().elidedText(title, Qt::ElideRight, int(room)));
        }
    }
}

// Min/max columns of the visible part of a source range, as vertical lines appended to `out`:
// a track's clips are drawn with one drawLines call (a thousand small calls cost more than the
// pixels when the whole episode is in view).
void addWaveform(std::vector<QLineF>& out, const audio::PeakFile& peaks, qint64 sourceStart,
                 double framesPerPixel, double x0, double x1, const QRectF& box, double gain) {
    const int columns = std::max(0, static_cast<int>(std::ceil(x1 - x0)));
    if (columns == 0) {
        return;
    }
    thread_local std::vector<float> mins, maxs;
    mins.resize(std::size_t(columns));
    maxs.resize(std::size_t(columns));
    const auto start = sourceStart;
    const auto end = sourceStart + static_cast<qint64>(std::llround(columns * framesPerPixel));
    peaks.query(start, std::max(end, start + 1), columns, mins.data(), maxs.data());
    const double mid = box.center().y();
    const double half = box.height() / 2 - 2;
    for (int c = 0; c < columns; ++c) {
        const double lo = std::clamp(double(mins[std::size_t(c)]) * gain, -1.0, 1.0);
        const double hi = std::clamp(double(maxs[std::size_t(c)]) * gain, -1.0, 1.0);
        const double x = x0 + c + 0.5;
        out.emplace_back(x, mid - hi * half, x, mid - lo * half + 0.5);
    }
}

// `c` at `alpha` over the opaque `under`, as one opaque colour: the raster engine fills an opaque
// rectangle as a plain span fill, while a translucent one is blended pixel by pixel (a quarter
// of a whole-episode repaint, with a thousand clips side by side).
QColor over(const QColor& under, const QColor& c, int alpha) {
    const auto mix = [alpha](int u, int v) { return (u * (255 - alpha) + v * alpha + 127) / 255; };
    return QColor(mix(under.red(), c.red()), mix(under.green(), c.green()),
                  mix(under.blue(), c.blue()));
}

// `under`: the opaque lane colour the clip sits on.
struct ClipSpan {
    double cx0, cx1; // the clip's edges
    double x0, x1;   // its visible part
    QRectF box;
};

bool clipSpan(const QRect& area, const TimelineLayout& l, const app::Clip& c,
              const TimelineRow& row, ClipSpan* s) {
    s->cx0 = l.xOf(c.position);
    s->cx1 = l.xOf(c.end());
    s->x0 = std::max<double>(s->cx0, TimelineLayout::headerWidth);
    s->x1 = std::min<double>(s->cx1, area.right() + 1);
    s->box = QRectF(s->cx0, row.top + 2, std::max(1.0, s->cx1 - s->cx0), row.height - 4);
    return s->x1 > s->x0;
}

// The clip's background, and its waveform into `waves`.
void paintClipBody(QPainter& p, const TimelineLayout& l, const app::Clip& c, const ClipSpan& s,
                   app::PeakCache& peaks, const QColor& fill, std::vector<QLineF>& waves) {
    p.fillRect(QRectF(s.x0, s.box.top(), s.x1 - s.x0, s.box.height()), fill);
    if (const audio::PeakFile* pf = peaks.peaks(c.source)) {
        const qint64 firstFrame = c.sourceStart + l.frameAt(s.x0) - c.position;
        addWaveform(waves, *pf, std::max<qint64>(firstFrame, c.sourceStart), l.framesPerPixel, s.x0,
                    s.x1, s.box, std::pow(10.0, c.gainDb / 20.0));
    }
}

// Fades, outline and name over the waveform.
void paintClipFrame(QPainter& p, const TimelineLayout& l, const app::Clip& c, const ClipSpan& s,
                    bool selected, const QPen& outline, const QPen& selectedOutline) {
    if (c.fadeIn > 0 || c.fadeOut > 0) {
        p.setPen(QPen(QColor(255, 255, 255, 160), 1));
        if (c.fadeIn > 0) {
            p.drawLine(QPointF(s.cx0, s.box.bottom()),
                       QPointF(l.xOf(c.position + c.fadeIn), s.box.top()));
        }
        if (c.fadeOut > 0) {
            p.drawLine(QPointF(l.xOf(c.end() - c.fadeOut), s.box.top()),
                       QPointF(s.cx1, s.box.bottom()));
        }
    }
    p.setPen(selected ? selectedOutline : outline);
    p.drawRect(s.box.adjusted(0.5, 0.5, -0.5, -0.5));
    if (s.box.width() > 60) {
        p.setPen(text);
        const QString name = c.source.section(QLatin1Char('/'), -1);
        p.drawText(QRectF(s.x0 + 4, s.box.top() + 1, s.x1 - s.x0 - 8, 14),
                   Qt::AlignLeft | Qt::AlignTop,
                   p.fontMetrics().elidedText(name, Qt::ElideRight, int(s.x1 - s.x0 - 8)));
    }
}

void paintHeader(QPainter& p, const app::Episode& e, const TimelineRow& row) {
    const QRect box(0, row.top, TimelineLayout::headerWidth, row.height);
    if (row.kind == TimelineRow::TakeLane) {
        p.fillRect(box, takeLane);
        p.setPen(dimText);
        const app::Take* take = e.findTake(row.takeId);
        const QString label =
            take ? take->started.toLocalTime().toString(QStringLiteral("'take' HH:mm:ss"))
                 : row.takeId;
        p.drawText(box.adjusted(18, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft, label);
        return;
    }
    const app::Track& t = e.tracks()[row.track];
    p.fillRect(box, header);
    p.fillRect(QRect(0, row.top, 4, row.height), trackColour(row.track));
    p.setPen(text);
    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    // Where TrackRowWidget's name box goes (it covers this when the headers are shown).
    p.drawText(
        QRect(44, row.top + 4, TimelineLayout::headerWidth - 76, 18),
        Qt::AlignLeft | Qt::AlignVCenter,
        p.fontMetrics().elidedText(t.name, Qt::ElideRight, TimelineLayout::headerWidth - 76));
    bold.setBold(false);
    p.setFont(bold);
    // Mute and solo as two toggles; TimelineView hit-tests the same rectangles.
    const QRect mute(10, row.top + 28, 22, 18);
    const QRect solo(36, row.top + 28, 22, 18);
    p.fillRect(mute, t.mute ? QColor(0xd9, 0x8c, 0x4a) : QColor(0x3a, 0x3c, 0x44));
    p.fillRect(solo, t.solo ? QColor(0xe0, 0xc0, 0x30) : QColor(0x3a, 0x3c, 0x44));
    p.setPen(t.mute ? Qt::black : text);
    p.drawText(mute, Qt::AlignCenter, QStringLiteral("M"));
    p.setPen(t.solo ? Qt::black : text);
    p.drawText(solo, Qt::AlignCenter, QStringLiteral("S"));
    p.setPen(dimText);
    // Right of TrackRowWidget's input box (x 64..168).
    p.drawText(QRect(172, row.top + 28, TimelineLayout::headerWidth - 176, 18),
               Qt::AlignLeft | Qt::AlignVCenter,
               QStringLiteral("%1 dB  %2")
                   .arg(t.gainDb, 0, 'f', 1)
                   .arg(t.pan == 0.0 ? QStringLiteral("C")
                                     : QStringLiteral("%1%2")
                                           .arg(t.pan < 0 ? QLatin1Char('L') : QLatin1Char('R'))
                                           .arg(qRound(std::abs(t.pan) * 100))));
}

// The take being recorded, on each armed track's lane: a recording-red clip from where the take
// started to the record head, its waveform from the writer's peaks (the largest magnitude of
// each `framesPerPeak` frames), drawn symmetric as a recorder's live view is.
void paintLiveTake(QPainter& p, const QRect& area, const TimelineLayout& l, const app::Episode& e,
                   const app::LiveTake& live) {
    if (live.frames <= 0 || live.framesPerPeak <= 0) {
        return;
    }
    const double cx0 = l.xOf(live.position);
    const double cx1 = std::max(cx0 + 1.0, l.xOf(live.position + live.frames));
    const double x0 = std::max<double>(cx0, TimelineLayout::headerWidth);
    const double x1 = std::min<double>(cx1, area.right() + 1);
    if (x1 <= x0) {
        return;
    }
    for (const auto& row : l.rows()) {
        const int k = row.kind == TimelineRow::Track
                          ? int(live.trackIds.indexOf(e.tracks()[row.track].id))
                          : -1;
        if (k < 0 || k >= live.peaks.size()) {
            continue;
        }
        const QRectF box(cx0, row.top + 2, cx1 - cx0, row.height - 4);
        const QColor& laneColour = row.track % 2 ? laneB : laneA;
        p.fillRect(QRectF(x0, box.top(), x1 - x0, box.height()),
                   over(laneColour, recordingColour, 80));
        const QVector<float>& peaks = live.peaks[k];
        thread_local std::vector<QLineF> waves;
        waves.clear();
        const double mid = box.center().y();
        const double half = box.height() / 2 - 2;
        const double perColumn = l.framesPerPixel / live.framesPerPeak; // peaks per pixel
        for (double x = std::floor(x0); x < x1; x += 1.0) {
            const double first =
                (double(l.frameAt(x)) - double(live.position)) / live.framesPerPeak;
            const qsizetype i0 = std::max<qsizetype>(0, qsizetype(std::floor(first)));
            const qsizetype i1 = std::min<qsizetype>(
                peaks.size(), std::max(i0 + 1, qsizetype(std::ceil(first + perColumn))));
            float v = 0.0f;
            for (qsizetype i = i0; i < i1; ++i) {
                v = std::max(v, peaks[i]);
            }
            if (i0 < i1) {
                const double h = std::clamp(double(v), 0.0, 1.0) * half;
                waves.emplace_back(x + 0.5, mid - h, x + 0.5, mid + h + 0.5);
            }
        }
        p.setPen(QPen(recordingColour.lighter(150), 1));
        p.drawLines(waves.data(), int(waves.size()));
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(recordingColour, 2));
        p.drawRect(box.adjusted(1, 1, -1, -1));
        if (x1 - x0 > 80) {
            p.setPen(text);
            p.drawText(QRectF(x0 + 6, box.top() + 2, x1 - x0 - 10, 14),
                       Qt::AlignLeft | Qt::AlignTop, QObject::tr("\u25CF Recording"));
        }
    }
}

} // namespace

void paintTimeline(QPainter& p, const QRect& area, const TimelineLayout& l, const app::Episode& e,
                   app::PeakCache& peaks, const TimelineState& st) {
    p.fillRect(area, background);
    const int lanesTop = l.lanesTop();
    p.save();
    p.setClipRect(QRect(area.left(), lanesTop, area.width(), area.height() - lanesTop));
    for (const auto& row : l.rows()) {
        if (row.top > area.bottom() || row.top + row.height < lanesTop) {
            continue;
        }
        const QRect lane(TimelineLayout::headerWidth, row.top, area.width(), row.height);
        if (row.kind == TimelineRow::Track) {
            const QColor& laneColour = row.track % 2 ? laneB : laneA;
            p.fillRect(lane, laneColour);
            const QColor colour = trackColour(row.track);
            const QColor fill = over(laneColour, colour, 70);
            thread_local std::vector<QLineF> waves;
            thread_local std::vector<std::pair<const app::Clip*, ClipSpan>> visible;
            waves.clear();
            visible.clear();
            for (const auto& c : e.tracks()[row.track].clips) {
                ClipSpan span{};
                if (clipSpan(area, l, c, row, &span)) {
                    paintClipBody(p, l, c, span, peaks, fill, waves);
                    visible.emplace_back(&c, span);
                }
            }
            p.setPen(QPen(colour.lighter(140), 1));
            p.drawLines(waves.data(), int(waves.size()));
            p.setBrush(Qt::NoBrush);
            const QPen outline(colour.lighter(130), 1);
            const QPen selectedOutline(Qt::white, 2);
            for (const auto& [c, span] : visible) {
                paintClipFrame(p, l, *c, span, st.selectedClips.contains(c->id), outline,
                               selectedOutline);
            }
        } else if (const app::Take* take = e.findTake(row.takeId)) {
            p.fillRect(lane, takeLane);
            // The whole take, faint; the parts playing now, outlined.
            const auto file =
                std::find_if(take->files.begin(), take->files.end(), [&](const app::TakeFile& f) {
                    return f.belongsTo(e.tracks()[row.track]);
                });
            app::Clip whole;
            whole.source = file->path;
            whole.sourceFrames = take->frames;
            whole.length = take->frames;
            whole.position = take->position;
            ClipSpan span{};
            if (clipSpan(area, l, whole, row, &span)) {
                thread_local std::vector<QLineF> waves;
                waves.clear();
                paintClipBody(p, l, whole, span, peaks, over(takeLane, trackColour(row.track), 40),
                              waves);
                p.setPen(QPen(trackColour(row.track).lighter(90), 1));
                p.drawLines(waves.data(), int(waves.size()));
            }
            p.setPen(QPen(trackColour(row.track).lighter(150), 1));
            for (const auto& c : e.tracks()[row.track].clips) {
                if (c.takeId == take->id) {
                    const double x0 = l.xOf(c.position);
                    p.drawRect(QRectF(x0, row.top + 2, l.xOf(c.end()) - x0, row.height - 5));
                }
            }
        }
        p.setPen(QColor(0x15, 0x16, 0x19));
        p.drawLine(lane.left(), row.top + row.height - 1, area.right(), row.top + row.height - 1);
    }
    if (st.live) {
        paintLiveTake(p, area, l, e, *st.live);
    }
    // Selection range, chapter lines and the playhead over the lanes.
    if (st.rangeEnd > st.rangeStart) {
        const double x0 = std::max<double>(l.xOf(st.rangeStart), TimelineLayout::headerWidth);
        const double x1 = l.xOf(st.rangeEnd);
        p.fillRect(QRectF(x0, lanesTop, x1 - x0, area.height()), QColor(120, 170, 255, 50));
    }
    for (const auto& m : e.markers()) {
        const double x = l.xOf(m.at);
        if (x >= TimelineLayout::headerWidth && x <= area.right()) {
            QColor c = m.kind == app::MarkerKind::Chapter ? chapterColour : retakeColour;
            c.setAlpha(110);
            p.setPen(QPen(c, 1, Qt::DashLine));
            p.drawLine(QPointF(x, lanesTop), QPointF(x, area.bottom()));
        }
    }
    for (const auto& row : l.rows()) {
        if (row.top <= area.bottom() && row.top + row.height >= lanesTop) {
            paintHeader(p, e, row);
        }
    }
    p.restore();
    paintRuler(p, area, l, e.sampleRate, st);
    paintChapters(p, area, l, e, st);
    p.fillRect(QRect(0, 0, TimelineLayout::headerWidth, lanesTop), header);
    p.setPen(dimText);
    p.drawText(QRect(8, TimelineLayout::rulerHeight, TimelineLayout::headerWidth - 8,
                     TimelineLayout::chapterHeight),
               Qt::AlignVCenter | Qt::AlignLeft, QObject::tr("Chapters"));
    const double x = l.xOf(st.playhead);
    if (x >= TimelineLayout::headerWidth && x <= area.right()) {
        p.setPen(QPen(playheadColour, 2));
        p.drawLine(QPointF(x, 0), QPointF(x, area.bottom()));
    }
}

} // namespace onair::ui
