#include "app/PeakCache.h"

#include <QCoreApplication>
#include <QDir>
#include <QPointer>

namespace onair::app {

PeakCache::PeakCache(QObject* parent)
    : QObject(parent)
    , cancel_(std::make_shared<std::atomic<bool>>(false)) {
    // Peak building reads whole files: one at a time keeps the disk streaming, a second one
    // lets a short file finish while a long one builds.
    pool_.setMaxThreadCount(2);
}

PeakCache::~PeakCache() {
    cancel_->store(true);
    pool_.waitForDone();
}

void PeakCache::setFolder(const QString& episodeFolder) {
    if (episodeFolder == folder_) {
        return;
    }
    cancel_->store(true); // builds for the old episode stop at their next chunk
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    folder_ = episodeFolder;
    open_.clear();
    pending_.clear();
    failed_.clear();
}

QString PeakCache::peakPath(const QString& source) const {
    QString name = source;
    name.replace(QLatin1Char('/'), QLatin1Char('_'));
    return folder_ + QStringLiteral("/peaks/") + name + QStringLiteral(".peaks");
}

const audio::PeakFile* PeakCache::peaks(const QString& source) {
    if (auto it = open_.find(source); it != open_.end()) {
        return it->get();
    }
    if (pending_.contains(source) || failed_.contains(source) || folder_.isEmpty()) {
        return nullptr;
    }
    auto file = std::make_shared<audio::PeakFile>();
    const std::string err = file->open(peakPath(source).toStdString(),
                                       (folder_ + QLatin1Char('/') + source).toStdString());
    if (err.empty()) {
        open_.insert(source, file);
        return file.get();
    }
    startBuild(source); // missing or stale: (re)build
    return nullptr;
}

void PeakCache::startBuild(const QString& source) {
    pending_.insert(source, true);
    const std::string sourcePath = (folder_ + QLatin1Char('/') + source).toStdString();
    const std::string target = peakPath(source).toStdString();
    const auto cancel = cancel_;
    const QPointer<PeakCache> self(this);
    pool_.start([=] {
        const std::string err = audio::buildPeaks(
            sourcePath, target,
            [&](double f) {
                QMetaObject::invokeMethod(self, [=] {
                    if (self && !cancel->load()) {
                        emit self->progress(source, f);
                    }
                });
            },
            cancel.get());
        QMetaObject::invokeMethod(self, [=] {
            if (!self || cancel->load()) {
                return; // the episode changed meanwhile
            }
            self->pending_.remove(source);
            if (!err.empty()) {
                self->failed_.insert(source, QString::fromStdString(err));
                emit self->failed(source, QString::fromStdString(err));
                return;
            }
            emit self->ready(source);
        });
    });
}

void PeakCache::buildAllNow(const QStringList& sources) {
    for (const auto& s : sources) {
        peaks(s);
    }
    pool_.waitForDone();
    QCoreApplication::processEvents(); // deliver the results queued to this thread
}

} // namespace onair::app
