#pragma once

#include "audio/ExportTypes.h"

#include <string>
#include <vector>

namespace onair::audio {

// Writes tags, cover art and chapters into an already-encoded file with TagLib.
//  - MP3: ID3v2.3 (no extended header, no unsynchronisation), one CHAP per chapter ("chp0"..)
//    with an embedded TIT2, optional WXXX and APIC, plus one top-level ordered CTOC "toc".
//  - Opus: Vorbis comments, the cover as METADATA_BLOCK_PICTURE, chapters as
//    CHAPTERnnn=HH:MM:SS.mmm followed by CHAPTERnnnNAME and CHAPTERnnnURL (001..999).
//  - M4A: iTunes atoms and covr. Chapters are the muxer's; they are left as they are.
// Every image (cover, chapter art) is checked first, so a bad image leaves the file untouched.
// Tags of the same kind already in the file are replaced. A failed write (a full disk, a file
// size limit) is reported, naming the cause; the file is then damaged and must be discarded.
// Returns an error text, empty on success.
std::string writeTags(const std::string& path, ExportFormat format, const EpisodeTags& tags,
                      const std::vector<ChapterInfo>& chapters);

// "HH:MM:SS.mmm", as Vorbis comment chapters want it. Negative times give 00:00:00.000.
std::string vorbisChapterTime(double seconds);

} // namespace onair::audio
