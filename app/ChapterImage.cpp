#include "app/ChapterImage.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>

namespace onair::app {

QString addChapterImage(const QString& folder, const QString& file, QString* relative,
                        bool* created) {
    if (created) {
        *created = false;
    }
    if (!QFileInfo(file).isFile()) {
        return QStringLiteral("there is no image file %1").arg(file);
    }
    QImageReader reader(file);
    reader.setDecideFormatFromContent(true);
    const QByteArray format = reader.format();
    if (format != "png" && format != "jpeg") {
        return QStringLiteral("%1 is not a PNG or JPEG image").arg(file);
    }
    if (reader.read().isNull()) {
        return QStringLiteral("%1 is damaged and cannot be read (%2)")
            .arg(file, reader.errorString());
    }
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        return QStringLiteral("cannot read %1: %2").arg(file, in.errorString());
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&in);
    *relative = QStringLiteral("chapters/%1.%2")
                    .arg(QString::fromLatin1(hash.result().toHex().left(16)),
                         format == "png" ? QStringLiteral("png") : QStringLiteral("jpg"));
    const QString target = folder + QLatin1Char('/') + *relative;
    if (QFileInfo::exists(target)) {
        return {}; // the same picture is already there
    }
    if (!QDir().mkpath(folder + QStringLiteral("/chapters")) || !QFile::copy(file, target)) {
        QFile::remove(target);
        return QStringLiteral("cannot copy %1 to %2").arg(file, target);
    }
    if (created) {
        *created = true;
    }
    return {};
}

} // namespace onair::app
