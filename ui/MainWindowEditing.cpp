// MainWindow's editing side: the Edit and View menu actions that drive the timeline, saving,
// and the question about unsaved edits. Part of the MainWindow class (see MainWindow.h).
#include "app/EpisodeImport.h"
#include "app/Studio.h"
#include "ui/ExportDialog.h"
#include "ui/MainWindow.h"
#include "ui/ScriptEditor.h"
#include "ui/TimelineView.h"

#include <QAction>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStatusBar>
#include <QThread>
#include <QTimer>
#include <atomic>

namespace onair::ui {

void MainWindow::createEditActions(QMenu* edit, QMenu* view) {
    struct Item {
        const char* name;
        QString text;
        QKeySequence key;
        std::function<void()> run;
    };
    const QList<Item> editItems{
        {"actionSplit", tr("&Split at Playhead"), QKeySequence(tr("S")),
         [this] { timeline_->splitAtPlayhead(); }},
        {"actionDelete", tr("&Delete"), QKeySequence(QKeySequence::Delete),
         [this] { timeline_->deleteSelection(); }},
        {"actionRippleDelete", tr("&Ripple Delete Range"), QKeySequence(tr("Shift+Del")),
         [this] { timeline_->rippleDeleteSelection(); }},
        {"actionAddChapter", tr("Add &Chapter at Playhead"), QKeySequence(tr("M")),
         [this] { timeline_->addChapterAtPlayhead(); }},
    };
    for (const Item& item : editItems) {
        QAction* a = edit->addAction(item.text, this, item.run);
        a->setObjectName(QLatin1String(item.name));
        a->setShortcut(item.key);
        // Single keys belong to the timeline, so they do not fire while typing a track name.
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        timeline_->addAction(a);
    }
    const QList<Item> viewItems{
        {"actionZoomIn", tr("Zoom &In"), QKeySequence(QKeySequence::ZoomIn),
         [this] { timeline_->zoomBy(1 / 1.5); }},
        {"actionZoomOut", tr("Zoom &Out"), QKeySequence(QKeySequence::ZoomOut),
         [this] { timeline_->zoomBy(1.5); }},
        {"actionZoomFit", tr("Zoom to &Fit"), QKeySequence(tr("Ctrl+F")),
         [this] { timeline_->zoomToFit(); }},
    };
    for (const Item& item : viewItems) {
        QAction* a = view->addAction(item.text, this, item.run);
        a->setObjectName(QLatin1String(item.name));
        a->setShortcut(item.key);
    }
    QAction* lanes = view->addAction(tr("Show &Take Lanes"));
    lanes->setObjectName(QStringLiteral("actionTakeLanes"));
    lanes->setCheckable(true);
    lanes->setChecked(true);
    connect(lanes, &QAction::toggled, timeline_, &TimelineView::setTakeLanesVisible);
    view->addSeparator();
}

void MainWindow::importAudio() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import Audio"), QString(),
        tr("Audio (*.wav *.flac *.ogg *.oga *.opus *.mp3 *.m4a *.aac *.aif *.aiff *.w64);;"
           "All files (*)"));
    qint64 at = studio_.playhead();
    for (const QString& file : files) {
        // The conversion runs on a worker over a copy of the episode; the dialog is modal, so
        // the document cannot change meanwhile, and the result lands as one undo step.
        app::Episode copy = studio_.episode();
        QProgressDialog progress(tr("Importing %1…").arg(QFileInfo(file).fileName()), tr("Cancel"),
                                 0, 1000, this);
        // Shown at once: while it is up the window takes no input (no edit, no other episode).
        progress.setWindowModality(Qt::WindowModal);
        progress.setMinimumDuration(0);
        progress.show();
        std::atomic<bool> cancel{false};
        std::atomic<double> fraction{0.0};
        QString error;
        const QString folder = studio_.folder();
        QThread* worker = QThread::create([&] {
            audio::ImportProgress report;
            report.onProgress = [&](double f) { fraction.store(f); };
            report.cancel = &cancel;
            error = app::importIntoEpisode(folder, copy, file, -1, at, report);
        });
        QEventLoop loop;
        QTimer poll;
        connect(&poll, &QTimer::timeout, &loop, [&] {
            progress.setValue(int(fraction.load() * 1000));
            if (progress.wasCanceled()) {
                cancel.store(true);
            }
        });
        connect(worker, &QThread::finished, &loop, &QEventLoop::quit);
        poll.start(50);
        worker->start();
        loop.exec();
        worker->wait();
        delete worker;
        progress.reset();
        if (!error.isEmpty()) {
            if (!cancel.load()) {
                QMessageBox::warning(this, tr("Import"), error);
            }
            return;
        }
        if (studio_.folder() != folder) {
            return; // the episode changed meanwhile (it cannot, with the dialog up; be sure)
        }
        // The imported file is kept like a take (not undone); its clip is an edit.
        studio_.document().episodeForRecording().imports = copy.imports;
        studio_.document().episodeForRecording().sampleRate = copy.sampleRate;
        studio_.document().edit(tr("Import %1").arg(QFileInfo(file).fileName()),
                                [&](app::Episode& e) {
                                    e.edit = copy.edit;
                                    return QString();
                                });
        at = studio_.episode().duration(); // several files: one after another
    }
}

void MainWindow::exportEpisode() {
    studio_.stopPlayback();
    ExportDialog dialog(studio_, this);
    dialog.exec();
}

bool MainWindow::save() {
    if (const QString err = studio_.document().save(); !err.isEmpty()) {
        QMessageBox::warning(this, tr("Save"), err);
        return false;
    }
    statusBar()->showMessage(tr("Saved"), 3000);
    return true;
}

bool MainWindow::confirmClose() {
    scriptEditor_->flush(); // the last words typed are stored before anything closes
    if (!studio_.hasEpisode() || !studio_.document().modified()) {
        return true;
    }
    const auto answer = QMessageBox::question(
        this, tr("Unsaved edits"),
        tr("Save the edits to \u201c%1\u201d?").arg(studio_.episode().title()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save) {
        return save();
    }
    if (answer == QMessageBox::Discard) {
        studio_.document().discardAndClose();
        return true;
    }
    return false;
}

} // namespace onair::ui
