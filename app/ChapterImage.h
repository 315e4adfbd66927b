#pragma once

#include <QString>

namespace onair::app {

// Chapter art, copied into the episode folder so the episode stays self-contained. Only PNG and
// JPEG (what every podcast app shows as chapter art), decided by the content, not the name, and
// decoded in full before anything is copied.
//
// The copy is named after its content (chapters/<sha-256 prefix>.<ext>): the same image twice is
// one file, and no two images can clash whatever undo does to marker ids. Returns an error text
// or empty, with the path relative to the episode folder in *relative; *created says whether
// the file is new (so a caller that then fails can remove it again).
QString addChapterImage(const QString& folder, const QString& file, QString* relative,
                        bool* created = nullptr);

} // namespace onair::app
