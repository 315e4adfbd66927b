#include "app/Edits.h"

#include <QSet>
#include <algorithm>

namespace onair::app::Edits {
namespace {

// Keeps fades inside the clip after its length changed; the fade-in wins over the fade-out.
void clampFades(Clip& c) {
    c.fadeIn = std::clamp<qint64>(c.fadeIn, 0, c.length);
    c.fadeOut = std::clamp<qint64>(c.fadeOut, 0, c.length - c.fadeIn);
}

// Drops the part of the clip before timeline frame `at` (position < at < end).
void cutBefore(Clip& c, qint64 at) {
    const qint64 delta = at - c.position;
    c.sourceStart += delta;
    c.length -= delta;
    c.position = at;
    clampFades(c);
}

// Drops the part of the clip from timeline frame `at` on (position < at < end).
void cutFrom(Clip& c, qint64 at) {
    c.length = at - c.position;
    clampFades(c);
}

// Splits at `at` (position < at < end): `c` keeps the left part and its fade-in, the right
// part (returned) keeps the fade-out. The other side's fade goes before clamping: clampFades
// lets the fade-in win, so a fade-in still there would cut the right part's fade-out short.
Clip splitClip(Episode& e, Clip& c, qint64 at) {
    Clip right = c;
    right.id = e.newId(QLatin1Char('c'));
    right.fadeIn = 0;
    cutBefore(right, at);
    c.fadeOut = 0;
    cutFrom(c, at);
    return right;
}

void sortClips(Track& t) {
    std::stable_sort(t.clips.begin(), t.clips.end(),
                     [](const Clip& a, const Clip& b) { return a.position < b.position; });
}

void sortMarkers(Episode& e) {
    std::stable_sort(e.markers().begin(), e.markers().end(),
                     [](const Marker& a, const Marker& b) { return a.at < b.at; });
}

// Removes [from, to) of the track's clips, except the clip `keep`: clips inside go, clips over
// an edge are trimmed, a clip over the whole range is split around it.
void clearRange(Episode& e, Track& t, qint64 from, qint64 to, const QString& keep = {}) {
    QList<Clip> result;
    for (Clip c : t.clips) {
        if (c.id == keep || c.end() <= from || c.position >= to) {
            result.append(c);
            continue;
        }
        if (c.position < from && c.end() > to) {
            Clip right = splitClip(e, c, to);
            cutFrom(c, from);
            result.append(c);
            result.append(right);
        } else if (c.position < from) {
            cutFrom(c, from);
            result.append(c);
        } else if (c.end() > to) {
            cutBefore(c, to);
            result.append(c);
        } // else: wholly inside, dropped
    }
    t.clips = result;
    sortClips(t);
}

// Finds through const access and detaches only the track that holds the clip: the undo
// history shares every untouched clip list with the state before (implicit sharing), so an
// edit costs memory for what it changes, not for the whole episode.
Clip* clipById(Episode& e, const QString& id, int* track) {
    const Episode& view = e;
    for (int t = 0; t < view.tracks().size(); ++t) {
        const QList<Clip>& clips = view.tracks()[t].clips;
        for (qsizetype i = 0; i < clips.size(); ++i) {
            if (clips[i].id == id) {
                *track = t;
                return &e.tracks()[t].clips[i];
            }
        }
    }
    return nullptr;
}

Marker* markerById(Episode& e, const QString& id) {
    const QList<Marker>& markers = std::as_const(e.markers());
    for (qsizetype i = 0; i < markers.size(); ++i) {
        if (markers[i].id == id) {
            return &e.markers()[i];
        }
    }
    return nullptr;
}

QString noClip(const QString& id) {
    return QStringLiteral("there is no clip %1").arg(id);
}

QString noMarker(const QString& id) {
    return QStringLiteral("there is no marker %1").arg(id);
}

bool validTrack(const Episode& e, int track) {
    return track >= 0 && track < e.tracks().size();
}

QString noTrack(int track) {
    return QStringLiteral("there is no track %1").arg(track + 1);
}

} // namespace

QStringList checkInvariants(const Episode& e) {
    QStringList problems;
    QSet<QString> ids;
    for (const auto& t : e.tracks()) {
        qint64 lastEnd = -1;
        for (const auto& c : t.clips) {
            const QString where = QStringLiteral("track %1 clip %2: ").arg(t.name, c.id);
            if (c.id.isEmpty() || ids.contains(c.id)) {
                problems << where + QStringLiteral("missing or repeated id");
            }
            ids.insert(c.id);
            if (c.length <= 0) {
                problems << where + QStringLiteral("length %1").arg(c.length);
            }
            if (c.sourceStart < 0 || c.sourceStart + c.length > c.sourceFrames) {
                problems << where + QStringLiteral("outside its source (%1+%2 of %3)")
                                        .arg(c.sourceStart)
                                        .arg(c.length)
                                        .arg(c.sourceFrames);
            }
            if (c.position < 0) {
                problems << where + QStringLiteral("before the start");
            }
            if (c.fadeIn < 0 || c.fadeOut < 0 || c.fadeIn + c.fadeOut > c.length) {
                problems << where + QStringLiteral("fades do not fit");
            }
            if (c.position < lastEnd) {
                problems << where + QStringLiteral("overlaps or is out of order");
            }
            lastEnd = c.end();
        }
    }
    qint64 lastAt = 0;
    for (const auto& m : e.markers()) {
        if (m.at < lastAt) {
            problems << QStringLiteral("marker %1 out of order or before the start").arg(m.id);
        }
        if (m.id.isEmpty() || ids.contains(m.id)) {
            problems << QStringLiteral("marker %1: missing or repeated id").arg(m.id);
        }
        ids.insert(m.id);
        lastAt = m.at;
    }
    return problems;
}

const Clip* findClip(const Episode& e, const QString& clipId, int* track) {
    for (int t = 0; t < e.tracks().size(); ++t) {
        for (const Clip& c : e.tracks()[t].clips) {
            if (c.id == clipId) {
                if (track) {
                    *track = t;
                }
                return &c;
            }
        }
    }
    if (track) {
        *track = -1;
    }
    return nullptr;
}

const Marker* findMarker(const Episode& e, const QString& markerId) {
    for (const Marker& m : e.markers()) {
        if (m.id == markerId) {
            return &m;
        }
    }
    return nullptr;
}

QString moveClip(Episode& e, const QString& clipId, int toTrack, qint64 position) {
    int from = -1;
    Clip* found = clipById(e, clipId, &from);
    if (!found) {
        return noClip(clipId);
    }
    if (!validTrack(e, toTrack)) {
        return noTrack(toTrack);
    }
    Clip clip = *found;
    clip.position = std::max<qint64>(0, position);
    e.tracks()[from].clips.removeIf([&](const Clip& c) { return c.id == clipId; });
    Track& dest = e.tracks()[toTrack];
    clearRange(e, dest, clip.position, clip.end());
    dest.clips.append(clip);
    sortClips(dest);
    return {};
}

QString trimClipStart(Episode& e, const QString& clipId, qint64 position) {
    int t = -1;
    Clip* c = clipById(e, clipId, &t);
    if (!c) {
        return noClip(clipId);
    }
    // Not before the source's first frame, the timeline's start, or the previous clip's end.
    qint64 limit = std::max<qint64>(0, c->position - c->sourceStart);
    for (const auto& other : e.tracks()[t].clips) {
        if (other.id != clipId && other.end() <= c->position) {
            limit = std::max(limit, other.end());
        }
    }
    position = std::max(position, limit);
    if (position >= c->end()) {
        return QStringLiteral("a clip cannot be trimmed to nothing");
    }
    const qint64 delta = position - c->position;
    c->sourceStart += delta;
    c->length -= delta;
    c->position = position;
    clampFades(*c);
    return {};
}

QString trimClipEnd(Episode& e, const QString& clipId, qint64 position) {
    int t = -1;
    Clip* c = clipById(e, clipId, &t);
    if (!c) {
        return noClip(clipId);
    }
    qint64 limit = c->position + (c->sourceFrames - c->sourceStart);
    for (const auto& other : e.tracks()[t].clips) {
        if (other.id != clipId && other.position >= c->end()) {
            limit = std::min(limit, other.position);
        }
    }
    position = std::min(position, limit);
    if (position <= c->position) {
        return QStringLiteral("a clip cannot be trimmed to nothing");
    }
    c->length = position - c->position;
    clampFades(*c);
    return {};
}

QString splitAt(Episode& e, qint64 at, const QStringList& clipIds) {
    int splits = 0;
    for (qsizetype ti = 0; ti < e.tracks().size(); ++ti) {
        const QList<Clip>& clips = std::as_const(e.tracks())[ti].clips;
        QList<Clip> result;
        bool changed = false;
        for (Clip c : clips) {
            const bool chosen = clipIds.isEmpty() || clipIds.contains(c.id);
            if (chosen && c.position < at && at < c.end()) {
                Clip right = splitClip(e, c, at);
                result.append(c);
                result.append(right);
                changed = true;
                ++splits;
            } else {
                result.append(c);
            }
        }
        if (changed) { // untouched tracks keep sharing their clips with the undo history
            e.tracks()[ti].clips = result;
        }
    }
    return splits > 0 ? QString() : QStringLiteral("there is no clip to split there");
}

QString deleteClips(Episode& e, const QStringList& clipIds) {
    qsizetype removed = 0;
    for (auto& t : e.tracks()) {
        removed += t.clips.removeIf([&](const Clip& c) { return clipIds.contains(c.id); });
    }
    return removed > 0 ? QString() : QStringLiteral("no such clips");
}

QString rippleDelete(Episode& e, qint64 from, qint64 to) {
    if (from < 0 || to <= from) {
        return QStringLiteral("select a time range to delete");
    }
    const qint64 cut = to - from;
    for (auto& t : e.tracks()) {
        clearRange(e, t, from, to);
        for (auto& c : t.clips) {
            if (c.position >= to) {
                c.position -= cut;
            }
        }
    }
    e.markers().removeIf(
        [&](const Marker& m) { return m.kind == MarkerKind::Retake && m.at >= from && m.at < to; });
    for (auto& m : e.markers()) {
        m.at = m.at >= to ? m.at - cut : (m.at >= from ? from : m.at);
    }
    sortMarkers(e);
    return {};
}

QString clearRange(Episode& e, qint64 from, qint64 to) {
    if (from < 0 || to <= from) {
        return QStringLiteral("select a time range to clear");
    }
    for (qsizetype t = 0; t < e.tracks().size(); ++t) {
        const QList<Clip>& clips = std::as_const(e.tracks())[t].clips;
        const bool touched = std::any_of(clips.begin(), clips.end(), [&](const Clip& c) {
            return c.position < to && c.end() > from;
        });
        if (touched) {
            clearRange(e, e.tracks()[t], from, to);
        }
    }
    return {};
}

QString insertSilence(Episode& e, qint64 at, qint64 length) {
    if (at < 0 || length <= 0) {
        return QStringLiteral("the silence needs a length");
    }
    splitAt(e, at);
    for (auto& t : e.tracks()) {
        for (auto& c : t.clips) {
            if (c.position >= at) {
                c.position += length;
            }
        }
    }
    for (auto& m : e.markers()) {
        if (m.at >= at) {
            m.at += length;
        }
    }
    return {};
}

QString setFades(Episode& e, const QString& clipId, qint64 fadeIn, qint64 fadeOut) {
    int t = -1;
    Clip* c = clipById(e, clipId, &t);
    if (!c) {
        return noClip(clipId);
    }
    c->fadeIn = fadeIn;
    c->fadeOut = fadeOut;
    clampFades(*c);
    return {};
}

QString setClipGain(Episode& e, const QString& clipId, double gainDb) {
    int t = -1;
    Clip* c = clipById(e, clipId, &t);
    if (!c) {
        return noClip(clipId);
    }
    c->gainDb = std::clamp(gainDb, -96.0, 24.0);
    return {};
}

void ensureTrackIds(Episode& e) {
    for (qsizetype i = 0; i < e.tracks().size(); ++i) {
        if (std::as_const(e.tracks())[i].id.isEmpty()) {
            e.tracks()[i].id = e.newId(QLatin1Char('t'));
        }
    }
}

QString setTrackInputs(Episode& e, const QList<Track>& tracks) {
    QList<Track> merged;
    for (const Track& wanted : tracks) {
        Track t;
        const auto existing =
            std::find_if(e.tracks().cbegin(), e.tracks().cend(),
                         [&](const Track& x) { return !wanted.id.isEmpty() && x.id == wanted.id; });
        if (existing != e.tracks().cend()) {
            t = *existing;
        }
        t.name = wanted.name;
        t.firstChannel = wanted.firstChannel;
        t.channels = wanted.channels;
        t.armed = wanted.armed;
        merged.append(t);
    }
    e.tracks() = merged;
    ensureTrackIds(e);
    return {};
}

QString setRecordingTracks(Episode& e, const QList<Track>& tracks) {
    for (auto& t : e.tracks()) {
        t.armed = false;
    }
    for (const Track& wanted : tracks) {
        const int i = e.findTrack(wanted.name);
        if (i < 0) {
            Track t = wanted;
            t.armed = true;
            e.tracks().append(t);
            continue;
        }
        Track& t = e.tracks()[i];
        t.firstChannel = wanted.firstChannel;
        t.channels = wanted.channels;
        t.armed = true;
    }
    ensureTrackIds(e);
    return {};
}

QString setTrackGain(Episode& e, int track, double gainDb) {
    if (!validTrack(e, track)) {
        return noTrack(track);
    }
    e.tracks()[track].gainDb = std::clamp(gainDb, -96.0, 24.0);
    return {};
}

QString setTrackPan(Episode& e, int track, double pan) {
    if (!validTrack(e, track)) {
        return noTrack(track);
    }
    e.tracks()[track].pan = std::clamp(pan, -1.0, 1.0);
    return {};
}

QString setTrackMute(Episode& e, int track, bool mute) {
    if (!validTrack(e, track)) {
        return noTrack(track);
    }
    e.tracks()[track].mute = mute;
    return {};
}

QString setTrackSolo(Episode& e, int track, bool solo) {
    if (!validTrack(e, track)) {
        return noTrack(track);
    }
    e.tracks()[track].solo = solo;
    return {};
}

QString placeClip(Episode& e, int track, Clip clip) {
    if (!validTrack(e, track)) {
        return noTrack(track);
    }
    if (clip.length <= 0 || clip.sourceStart < 0 ||
        clip.sourceStart + clip.length > clip.sourceFrames || clip.position < 0) {
        return QStringLiteral("the clip is empty or outside its source");
    }
    clip.id = e.newId(QLatin1Char('c'));
    clampFades(clip);
    Track& t = e.tracks()[track];
    clearRange(e, t, clip.position, clip.end());
    t.clips.append(clip);
    sortClips(t);
    return {};
}

QString useTake(Episode& e, int track, const QString& takeId, qint64 from, qint64 to) {
    if (!validTrack(e, track)) {
        return noTrack(track);
    }
    const Take* take = e.findTake(takeId);
    if (!take) {
        return QStringLiteral("there is no take %1").arg(takeId);
    }
    const auto file = std::find_if(take->files.begin(), take->files.end(), [&](const TakeFile& f) {
        return f.belongsTo(e.tracks()[track]);
    });
    if (file == take->files.end()) {
        return QStringLiteral("take %1 has nothing for track %2")
            .arg(takeId, e.tracks()[track].name);
    }
    from = std::max(from, take->position);
    to = std::min(to, take->position + take->frames);
    if (to <= from) {
        return QStringLiteral("take %1 was not recorded in that range").arg(takeId);
    }
    Clip c;
    c.source = file->path;
    c.takeId = take->id;
    c.channels = file->channels;
    c.sourceFrames = take->frames;
    c.sourceStart = from - take->position;
    c.length = to - from;
    c.position = from;
    return placeClip(e, track, c);
}

QString placeTake(Episode& e, const Take& take) {
    for (const auto& f : take.files) {
        const int t = e.findTrack(f);
        if (t < 0 || take.frames <= 0) {
            continue;
        }
        if (const QString err = useTake(e, t, take.id, take.position, take.position + take.frames);
            !err.isEmpty()) {
            return err;
        }
    }
    return {};
}

QString punchIn(Episode& e, const Take& take, const QList<Marker>& takeMarkers) {
    const Episode& before = e; // read before placeTake changes the clips
    const auto overReplacedAudio = [&](qint64 at) {
        if (at < take.position || at >= take.position + take.frames) {
            return false;
        }
        for (const TakeFile& f : take.files) {
            const int t = before.findTrack(f);
            for (const Clip& c : t < 0 ? QList<Clip>() : before.tracks()[t].clips) {
                if (c.position <= at && at < c.end()) {
                    return true;
                }
            }
        }
        return false;
    };
    QList<Marker> markers;
    for (const Marker& m : before.markers()) {
        if (takeMarkers.contains(m) || !overReplacedAudio(m.at)) {
            markers.append(m);
        }
    }
    if (const QString err = placeTake(e, take); !err.isEmpty()) {
        return err;
    }
    e.markers() = markers;
    for (Marker m : takeMarkers) {
        if (e.markers().contains(m)) {
            continue;
        }
        if (m.id.isEmpty() || findMarker(e, m.id) != nullptr) {
            m.id = e.newId(QLatin1Char('m'));
        } else {
            reserveId(e, m.id);
        }
        e.markers().append(m);
    }
    sortMarkers(e);
    return {};
}

QList<Marker> markersAdded(const QList<Marker>& before, const QList<Marker>& now) {
    QList<Marker> added;
    for (const Marker& m : now) {
        if (!before.contains(m)) {
            added.append(m);
        }
    }
    return added;
}

void reserveId(Episode& e, const QString& id) {
    bool ok = false;
    const qint64 n = id.mid(1).toLongLong(&ok);
    if (ok && n >= e.edit.nextId) {
        e.edit.nextId = n + 1;
    }
}

QString addMarker(Episode& e, Marker marker, QString* id) {
    marker.at = std::max<qint64>(0, marker.at);
    marker.id = e.newId(QLatin1Char('m'));
    if (id) {
        *id = marker.id;
    }
    e.markers().append(marker);
    sortMarkers(e);
    return {};
}

QString moveMarker(Episode& e, const QString& markerId, qint64 at) {
    Marker* m = markerById(e, markerId);
    if (!m) {
        return noMarker(markerId);
    }
    m->at = std::max<qint64>(0, at);
    sortMarkers(e);
    return {};
}

QString renameMarker(Episode& e, const QString& markerId, const QString& title) {
    Marker* m = markerById(e, markerId);
    if (!m) {
        return noMarker(markerId);
    }
    m->title = title;
    return {};
}

QString setMarkerUrl(Episode& e, const QString& markerId, const QString& url) {
    Marker* m = markerById(e, markerId);
    if (!m) {
        return noMarker(markerId);
    }
    m->url = url;
    return {};
}

QString setMarkerImage(Episode& e, const QString& markerId, const QString& image) {
    Marker* m = markerById(e, markerId);
    if (!m) {
        return noMarker(markerId);
    }
    m->image = image;
    return {};
}

QString deleteMarker(Episode& e, const QString& markerId) {
    return e.markers().removeIf([&](const Marker& m) { return m.id == markerId; }) > 0
               ? QString()
               : noMarker(markerId);
}

QString setMetadata(Episode& e, const EpisodeMetadata& metadata) {
    e.edit.metadata = metadata;
    return {};
}

} // namespace onair::app::Edits
