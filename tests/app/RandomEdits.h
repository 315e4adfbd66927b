#pragma once

// Random episodes and random edit operations for the property tests: every operation in
// Edits.h, with arguments that are mostly plausible and sometimes invalid or out of range. Each
// operation carries a readable description so a failing sequence can be read and replayed.
#include "app/Edits.h"

#include <QRandomGenerator>
#include <functional>

namespace onair::test {

using app::Episode;

struct RandomOp {
    QString text; // e.g. "trimClipStart(c3, 1200)"
    std::function<QString(Episode&)> apply;
};

class RandomEdits {
public:
    explicit RandomEdits(quint64 seed)
        : rng_(seed) {}

    QRandomGenerator& rng() { return rng_; }

    qint64 between(qint64 lo, qint64 hi) { return lo + qint64(rng_.bounded(quint64(hi - lo + 1))); }
    bool chance(int percent) { return int(rng_.bounded(100)) < percent; }

    // 2-4 tracks, 1-3 takes at random positions (each file placed with Edits::placeTake, so
    // later takes punch into earlier ones), an imported clip, a few markers of both kinds.
    Episode episode() {
        Episode e;
        const int tracks = int(between(2, 4));
        for (int t = 0; t < tracks; ++t) {
            app::Track track;
            track.name = QStringLiteral("T%1").arg(t + 1);
            track.firstChannel = t;
            e.tracks().append(track);
        }
        const int takes = int(between(1, 3));
        for (int k = 0; k < takes; ++k) {
            app::Take take;
            take.id = QStringLiteral("take%1").arg(k + 1);
            take.sampleRate = 48000;
            take.frames = between(1000, 60000);
            take.position = between(0, 100000);
            for (const auto& track : e.tracks()) {
                if (chance(75)) {
                    take.files.append({track.name,
                                       QStringLiteral("audio/%1-%2.wav").arg(take.id, track.name),
                                       1});
                }
            }
            e.takes.append(take);
            app::Edits::placeTake(e, take);
        }
        e.imports.append({QStringLiteral("audio/import1.flac"), QStringLiteral("music.mp3"),
                          between(500, 30000), 2, QStringLiteral("mp3")});
        if (chance(70)) {
            app::Clip c;
            c.source = e.imports.first().path;
            c.channels = 2;
            c.sourceFrames = e.imports.first().frames;
            c.length = between(1, c.sourceFrames);
            c.sourceStart = between(0, c.sourceFrames - c.length);
            c.position = between(0, 150000);
            app::Edits::placeClip(e, int(between(0, tracks - 1)), c);
        }
        const int markers = int(between(0, 4));
        for (int m = 0; m < markers; ++m) {
            app::Marker marker;
            marker.kind = chance(50) ? app::MarkerKind::Chapter : app::MarkerKind::Retake;
            marker.at = between(0, 160000);
            marker.title = QStringLiteral("marker %1").arg(m);
            app::Edits::addMarker(e, marker);
        }
        return e;
    }

    // A timeline position: mostly around the clips, sometimes negative or far beyond the end.
    qint64 position(const Episode& e) {
        const qint64 end = std::max<qint64>(e.duration(), 1000);
        switch (rng_.bounded(10)) {
        case 0:
            return between(-5000, -1);
        case 1:
            return between(end, end + 1000000000LL);
        case 2: // exactly on some clip's edge
            if (const auto ids = clipIds(e); !ids.isEmpty()) {
                const app::Clip* c = app::Edits::findClip(e, pick(ids));
                return chance(50) ? c->position : c->end();
            }
            return 0;
        default:
            return between(0, end + 2000);
        }
    }

    qint64 length(const Episode& e) {
        switch (rng_.bounded(8)) {
        case 0:
            return between(-1000, 0);
        case 1:
            return between(1, 5);
        default:
            return between(1, std::max<qint64>(e.duration() / 3, 100));
        }
    }

    static QStringList clipIds(const Episode& e) {
        QStringList ids;
        for (const auto& t : e.tracks()) {
            for (const auto& c : t.clips) {
                ids << c.id;
            }
        }
        return ids;
    }

    QString pick(const QStringList& list) { return list.at(int(rng_.bounded(int(list.size())))); }

    // An existing clip's id, or (sometimes, or when there are none) one that does not exist.
    QString clipId(const Episode& e) {
        const QStringList ids = clipIds(e);
        return ids.isEmpty() || chance(8) ? QStringLiteral("c999999") : pick(ids);
    }

    QString markerId(const Episode& e) {
        if (e.markers().isEmpty() || chance(8)) {
            return QStringLiteral("m999999");
        }
        return e.markers().at(int(rng_.bounded(int(e.markers().size())))).id;
    }

    int track(const Episode& e) { return int(between(-1, e.tracks().size())); }
    double gain() { return chance(15) ? double(between(-500, 500)) : double(between(-60, 12)); }

    RandomOp op(const Episode& e);

private:
    QRandomGenerator rng_;
};

inline QString num(qint64 v) {
    return QString::number(v);
}

inline RandomOp RandomEdits::op(const Episode& e) {
    namespace E = app::Edits;
    switch (rng_.bounded(25)) {
    case 0: {
        const QString id = clipId(e);
        const int t = track(e);
        const qint64 at = position(e);
        return {QStringLiteral("moveClip(%1, %2, %3)").arg(id).arg(t).arg(at),
                [=](Episode& x) { return E::moveClip(x, id, t, at); }};
    }
    case 1: {
        const QString id = clipId(e);
        const qint64 at = position(e);
        return {QStringLiteral("trimClipStart(%1, %2)").arg(id, num(at)),
                [=](Episode& x) { return E::trimClipStart(x, id, at); }};
    }
    case 2: {
        const QString id = clipId(e);
        const qint64 at = position(e);
        return {QStringLiteral("trimClipEnd(%1, %2)").arg(id, num(at)),
                [=](Episode& x) { return E::trimClipEnd(x, id, at); }};
    }
    case 3: {
        const qint64 at = position(e);
        return {QStringLiteral("splitAt(%1)").arg(at),
                [=](Episode& x) { return E::splitAt(x, at); }};
    }
    case 4: {
        const QStringList ids{clipId(e), clipId(e)};
        const qint64 at = position(e);
        return {QStringLiteral("splitAt(%1, {%2})").arg(num(at), ids.join(',')),
                [=](Episode& x) { return E::splitAt(x, at, ids); }};
    }
    case 5: {
        QStringList ids{clipId(e)};
        if (chance(30)) {
            ids << clipId(e);
        }
        return {QStringLiteral("deleteClips({%1})").arg(ids.join(',')),
                [=](Episode& x) { return E::deleteClips(x, ids); }};
    }
    case 6: {
        const qint64 from = position(e);
        const qint64 to = chance(85) ? from + length(e) : position(e);
        return {QStringLiteral("rippleDelete(%1, %2)").arg(from).arg(to),
                [=](Episode& x) { return E::rippleDelete(x, from, to); }};
    }
    case 7: {
        const qint64 at = position(e);
        const qint64 len = length(e);
        return {QStringLiteral("insertSilence(%1, %2)").arg(at).arg(len),
                [=](Episode& x) { return E::insertSilence(x, at, len); }};
    }
    case 8: {
        const QString id = clipId(e);
        const qint64 in = chance(20) ? between(-100, 10000000) : between(0, 3000);
        const qint64 out = chance(20) ? between(-100, 10000000) : between(0, 3000);
        return {QStringLiteral("setFades(%1, %2, %3)").arg(id).arg(in).arg(out),
                [=](Episode& x) { return E::setFades(x, id, in, out); }};
    }
    case 9: {
        const QString id = clipId(e);
        const double g = gain();
        return {QStringLiteral("setClipGain(%1, %2)").arg(id).arg(g),
                [=](Episode& x) { return E::setClipGain(x, id, g); }};
    }
    case 10: {
        QList<app::Track> tracks = e.tracks();
        if (chance(30) && tracks.size() > 1) {
            tracks.removeLast();
        } else if (chance(30)) {
            tracks.append(app::Track{QStringLiteral("T%1").arg(tracks.size() + 1)});
        }
        if (!tracks.isEmpty() && chance(30)) {
            tracks.first().name = QStringLiteral("Host");
        }
        QStringList names;
        for (const auto& t : tracks) {
            names << t.name;
        }
        return {QStringLiteral("setTrackInputs({%1})").arg(names.join(',')),
                [=](Episode& x) { return E::setTrackInputs(x, tracks); }};
    }
    case 11: {
        const int t = track(e);
        const double g = gain();
        return {QStringLiteral("setTrackGain(%1, %2)").arg(t).arg(g),
                [=](Episode& x) { return E::setTrackGain(x, t, g); }};
    }
    case 12: {
        const int t = track(e);
        const double pan = double(between(-30, 30)) / 10.0;
        return {QStringLiteral("setTrackPan(%1, %2)").arg(t).arg(pan),
                [=](Episode& x) { return E::setTrackPan(x, t, pan); }};
    }
    case 13:
    case 14: {
        const int t = track(e);
        const bool on = chance(50);
        const bool mute = rng_.bounded(2) == 0;
        return {QStringLiteral("%1(%2, %3)")
                    .arg(mute ? QStringLiteral("setTrackMute") : QStringLiteral("setTrackSolo"))
                    .arg(t)
                    .arg(int(on)),
                [=](Episode& x) {
                    return mute ? E::setTrackMute(x, t, on) : E::setTrackSolo(x, t, on);
                }};
    }
    case 15: {
        app::Clip c;
        const app::ImportedFile& file = e.imports.first();
        c.source = file.path;
        c.sourceFrames = file.frames;
        c.sourceStart = chance(10) ? between(-100, -1) : between(0, file.frames);
        c.length = chance(10) ? file.frames + 1 : between(-10, file.frames - c.sourceStart);
        c.position = position(e);
        c.fadeIn = between(0, 2000);
        c.fadeOut = between(0, 2000);
        const int t = track(e);
        return {QStringLiteral("placeClip(%1, start %2 length %3 at %4)")
                    .arg(t)
                    .arg(c.sourceStart)
                    .arg(c.length)
                    .arg(c.position),
                [=](Episode& x) { return E::placeClip(x, t, c); }};
    }
    case 16: {
        const int t = track(e);
        const QString take = chance(10) ? QStringLiteral("nope")
                                        : e.takes.at(int(rng_.bounded(int(e.takes.size())))).id;
        const qint64 from = position(e);
        const qint64 to = chance(80) ? from + length(e) : position(e);
        return {QStringLiteral("useTake(%1, %2, %3, %4)").arg(num(t), take, num(from), num(to)),
                [=](Episode& x) { return E::useTake(x, t, take, from, to); }};
    }
    case 17: {
        const app::Take take = e.takes.at(int(rng_.bounded(int(e.takes.size()))));
        return {QStringLiteral("placeTake(%1)").arg(take.id),
                [=](Episode& x) { return E::placeTake(x, take); }};
    }
    case 18: {
        app::Marker m;
        m.kind = chance(50) ? app::MarkerKind::Chapter : app::MarkerKind::Retake;
        m.at = position(e);
        m.title = QStringLiteral("added");
        return {QStringLiteral("addMarker(%1 at %2)").arg(markerKindName(m.kind)).arg(m.at),
                [=](Episode& x) { return E::addMarker(x, m); }};
    }
    case 19: {
        const QString id = markerId(e);
        const qint64 at = position(e);
        return {QStringLiteral("moveMarker(%1, %2)").arg(id).arg(at),
                [=](Episode& x) { return E::moveMarker(x, id, at); }};
    }
    case 20:
    case 21:
    case 22: {
        const QString id = markerId(e);
        const int which = int(rng_.bounded(3));
        const QString value = QStringLiteral("v%1").arg(rng_.bounded(1000));
        static const char* names[] = {"renameMarker", "setMarkerUrl", "setMarkerImage"};
        return {QStringLiteral("%1(%2, %3)").arg(QLatin1String(names[which]), id, value),
                [=](Episode& x) {
                    return which == 0   ? E::renameMarker(x, id, value)
                           : which == 1 ? E::setMarkerUrl(x, id, value)
                                        : E::setMarkerImage(x, id, value);
                }};
    }
    case 23: {
        const QString id = markerId(e);
        return {QStringLiteral("deleteMarker(%1)").arg(id),
                [=](Episode& x) { return E::deleteMarker(x, id); }};
    }
    default: {
        app::EpisodeMetadata m = e.edit.metadata;
        m.title = QStringLiteral("title %1").arg(rng_.bounded(1000));
        m.episodeNumber = int(between(0, 300));
        m.description = chance(50) ? QString() : QStringLiteral("about things");
        return {QStringLiteral("setMetadata(%1)").arg(m.title),
                [=](Episode& x) { return E::setMetadata(x, m); }};
    }
    }
}

} // namespace onair::test
