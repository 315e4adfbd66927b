#pragma once

#include "app/Episode.h"

#include <QStringList>

// The editing operations, as plain functions on an episode: each either applies completely and
// returns an empty string, or changes nothing and returns why. EpisodeDocument wraps them in
// undo steps; the CLI and the tests call them directly.
//
// They keep the invariants checkInvariants() states: clips inside their sources, sorted and
// never overlapping on a track (a clip put where others are replaces that range of them, as a
// punch-in does), markers sorted.
namespace onair::app::Edits {

// Problems found, empty when the episode is consistent.
QStringList checkInvariants(const Episode& episode);

QString moveClip(Episode& e, const QString& clipId, int toTrack, qint64 position);
// Moves the left edge to timeline frame `position` (the audio under it stays where it is).
QString trimClipStart(Episode& e, const QString& clipId, qint64 position);
QString trimClipEnd(Episode& e, const QString& clipId, qint64 position);
// Splits the clips under `at`: the given ones, or those on every track when `clipIds` is empty.
QString splitAt(Episode& e, qint64 at, const QStringList& clipIds = {});
QString deleteClips(Episode& e, const QStringList& clipIds);
// Removes [from, to) from every track; later clips and markers move left. Chapters inside the
// range move to `from` (a chapter is not lost with a cut); retake marks inside it go.
QString rippleDelete(Episode& e, qint64 from, qint64 to);
// Clears [from, to) on every track, leaving a gap; markers stay where they are.
QString clearRange(Episode& e, qint64 from, qint64 to);
// Opens a gap of `length` at `at` on every track; later clips and markers move right.
QString insertSilence(Episode& e, qint64 at, qint64 length);
QString setFades(Episode& e, const QString& clipId, qint64 fadeIn, qint64 fadeOut);
QString setClipGain(Episode& e, const QString& clipId, double gainDb);

// The track list as the studio's track rows edit it: order, names, inputs and arming from
// `tracks`; clips and mix settings stay with the track of the same id. Tracks without an id are
// new; tracks missing from the list are removed.
QString setTrackInputs(Episode& e, const QList<Track>& tracks);
// What `onair-cli record --tracks` asks for: the named tracks get these inputs and are armed
// (created if missing); every other track stays, disarmed.
QString setRecordingTracks(Episode& e, const QList<Track>& tracks);
// Gives every track without an id one.
void ensureTrackIds(Episode& e);
QString setTrackGain(Episode& e, int track, double gainDb);
QString setTrackPan(Episode& e, int track, double pan);
QString setTrackMute(Episode& e, int track, bool mute);
QString setTrackSolo(Episode& e, int track, bool solo);

// Puts `clip` on `track` (its id is assigned), replacing whatever was in its range there.
QString placeClip(Episode& e, int track, Clip clip);
// Plays take `takeId` on `track` over [from, to) of the timeline instead of what is there;
// the take's own timeline position decides which part of it that is.
QString useTake(Episode& e, int track, const QString& takeId, qint64 from, qint64 to);
// Puts every file of a take (already in e.takes) on its track at the take's position.
QString placeTake(Episode& e, const Take& take);
// placeTake as a punch-in: the markers over the audio the take replaces (where its tracks had
// clips in its range) go with that audio, except `takeMarkers` (those added during the take).
// A marker where nothing was recorded before (a chapter set for the section about to be
// recorded after the end) stays. Take markers missing from the episode (a take put back from
// its journal) are added, keeping their ids when those are free.
QString punchIn(Episode& e, const Take& take, const QList<Marker>& takeMarkers);
// Makes sure newId() never hands out `id` ("t7", "m12"...) again: ids recorded elsewhere (a take
// journal) come back into an episode whose counter has not reached them.
void reserveId(Episode& e, const QString& id);

// Returns the new marker's id through *id when given.
QString addMarker(Episode& e, Marker marker, QString* id = nullptr);
QString moveMarker(Episode& e, const QString& markerId, qint64 at);
QString renameMarker(Episode& e, const QString& markerId, const QString& title);
QString setMarkerUrl(Episode& e, const QString& markerId, const QString& url);
QString setMarkerImage(Episode& e, const QString& markerId, const QString& image);
QString deleteMarker(Episode& e, const QString& markerId);

QString setMetadata(Episode& e, const EpisodeMetadata& metadata);

// Lookups for the callers (nullptr / -1 when absent).
const Clip* findClip(const Episode& e, const QString& clipId, int* track = nullptr);
const Marker* findMarker(const Episode& e, const QString& markerId);
// The markers of `now` that are not in `before` (added or changed since): what a take added.
QList<Marker> markersAdded(const QList<Marker>& before, const QList<Marker>& now);

} // namespace onair::app::Edits
