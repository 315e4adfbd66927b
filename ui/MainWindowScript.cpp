// The script and the teleprompter in the main window: the Script dock (editor), the Prompter
// dock (and its own window for a second screen), importing a script, and the coupling that
// lets the script drive a recording (app::PromptedRecording).
#include "app/EpisodeScript.h"
#include "app/PromptedRecording.h"
#include "app/PrompterController.h"
#include "app/Studio.h"
#include "ui/EmptyStateWidget.h"
#include "ui/MainWindow.h"
#include "ui/PrompterSettings.h"
#include "ui/PrompterView.h"
#include "ui/PrompterWindow.h"
#include "ui/ScriptEditor.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

namespace onair::ui {

namespace {
const char* startWithRecordingKey = "prompter/startWithRecording";
const char* dockFontKey = "prompterDock/fontPointSize";

// The dock is a preview beside the timeline, a few hundred pixels wide: the prompter window's
// look, at a size of its own and never mirrored (mirroring is for the glass).
PrompterSettings dockSettings() {
    PrompterSettings s = PrompterSettings::load();
    s.fontPointSize = QSettings().value(dockFontKey, 28.0).toDouble();
    s.mirrorHorizontal = false;
    s.mirrorVertical = false;
    s.clamp();
    return s;
}
} // namespace

void MainWindow::createScriptDocks() {
    prompter_ = new app::PrompterController(this);
    prompted_ = new app::PromptedRecording(
        studio_.document(), *prompter_, [this] { return studio_.recordPosition(); }, this);
    prompted_->setStartWithRecording(QSettings().value(startWithRecordingKey, true).toBool());
    connect(prompted_, &app::PromptedRecording::marked, this,
            [this](const QString& message) { statusBar()->showMessage(message, 5000); });
    connect(&studio_, &app::Studio::recordingChanged, prompted_,
            &app::PromptedRecording::setRecording);
    connect(&studio_, &app::Studio::playheadChanged, this, [this](qint64 frame) {
        if (studio_.playing()) {
            prompted_->followPlayhead(frame);
        }
    });

    auto* empty = new EmptyStateWidget(tr("Teleprompter"),
                                       tr("The episode's script scrolls here while you record.\n"
                                          "Its headings become chapters as you read them.\n\n"
                                          "File \u2192 Import Script\u2026 brings one in."),
                                       this);
    // The prompter reads best as light text on black, as on studio prompter glass.
    QPalette dark = empty->palette();
    dark.setColor(QPalette::Window, QColor(0x10, 0x10, 0x12));
    dark.setColor(QPalette::WindowText, QColor(0xf2, 0xf2, 0xf2));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0xa0));
    empty->setPalette(dark);
    prompterView_ = new PrompterView(*prompter_, this);
    prompterView_->setObjectName(QStringLiteral("prompterView"));
    prompterView_->setSettings(dockSettings());
    connect(prompterView_, &PrompterView::settingsChanged, this, [](const PrompterSettings& s) {
        QSettings().setValue(dockFontKey, s.fontPointSize);
        PrompterSettings shared = PrompterSettings::load(); // the speed is the prompter's own
        shared.wordsPerMinute = s.wordsPerMinute;
        shared.save();
    });
    connect(prompterView_, &PrompterView::flubRequested, prompted_, &app::PromptedRecording::flub);
    prompterStack_ = new QStackedWidget(this);
    prompterStack_->addWidget(empty);
    prompterStack_->addWidget(prompterView_);

    prompterDock_ = new QDockWidget(tr("Teleprompter"), this);
    prompterDock_->setObjectName(QStringLiteral("prompterDock"));
    prompterDock_->setWidget(prompterStack_);
    addDockWidget(Qt::RightDockWidgetArea, prompterDock_);

    scriptEditor_ = new ScriptEditor(this);
    scriptEditor_->setObjectName(QStringLiteral("scriptEditor"));
    scriptEditor_->setWordsPerMinute(prompter_->wordsPerMinute());
    connect(prompter_, &app::PrompterController::speedChanged, scriptEditor_,
            &ScriptEditor::setWordsPerMinute);
    connect(scriptEditor_, &ScriptEditor::scriptEdited, this, &MainWindow::onScriptEdited);
    scriptDock_ = new QDockWidget(tr("Script"), this);
    scriptDock_->setObjectName(QStringLiteral("scriptDock"));
    scriptDock_->setWidget(scriptEditor_);
    addDockWidget(Qt::RightDockWidgetArea, scriptDock_);
    tabifyDockWidget(scriptDock_, prompterDock_); // the prompter in front
}

void MainWindow::createScriptActions(QMenu* file, QMenu* transport, QMenu* view) {
    importScriptAction_ = new QAction(tr("Import &Script\u2026"), this);
    importScriptAction_->setObjectName(QStringLiteral("actionImportScript"));
    importScriptAction_->setShortcut(QKeySequence(tr("Ctrl+Shift+I")));
    importScriptAction_->setStatusTip(
        tr("Bring in the script to read: plain text or Markdown; its headings become chapters"));
    connect(importScriptAction_, &QAction::triggered, this, &MainWindow::importScript);
    file->insertAction(exportAction_, importScriptAction_);

    flubAction_ = new QAction(tr("Mark &Flub"), this);
    flubAction_->setObjectName(QStringLiteral("actionFlub"));
    flubAction_->setShortcut(QKeySequence(tr("F")));
    flubAction_->setStatusTip(
        tr("While recording: a retake mark here, and the prompter back to the sentence start"));
    connect(flubAction_, &QAction::triggered, prompted_, &app::PromptedRecording::flub);
    promptAction_ = new QAction(tr("Start &Prompter with Recording"), this);
    promptAction_->setObjectName(QStringLiteral("actionPromptWithRecording"));
    promptAction_->setCheckable(true);
    promptAction_->setChecked(prompted_->startWithRecording());
    connect(promptAction_, &QAction::toggled, this, [this](bool on) {
        prompted_->setStartWithRecording(on);
        QSettings().setValue(startWithRecordingKey, on);
    });
    // While recording the window's keys are the prompter's too: a pedal or clicker keeps
    // working when the focus is on the timeline or the prompter is on another screen.
    nextSectionAction_ = new QAction(tr("Prompter: Next Section"), this);
    nextSectionAction_->setObjectName(QStringLiteral("actionNextSection"));
    nextSectionAction_->setShortcuts({QKeySequence(Qt::Key_PageDown)});
    connect(nextSectionAction_, &QAction::triggered, prompter_,
            &app::PrompterController::nextSection);
    previousSectionAction_ = new QAction(tr("Prompter: Previous Section"), this);
    previousSectionAction_->setObjectName(QStringLiteral("actionPreviousSection"));
    previousSectionAction_->setShortcuts({QKeySequence(Qt::Key_PageUp)});
    connect(previousSectionAction_, &QAction::triggered, prompter_,
            &app::PrompterController::previousSection);
    // The prompter's pause key, P (Pause/Break too): a pedal can send either. Not Space, which
    // stops a take.
    auto* pauseAction = new QAction(tr("Prompter: Start/Pause"), this);
    pauseAction->setObjectName(QStringLiteral("actionPrompterPause"));
    pauseAction->setShortcuts({QKeySequence(Qt::Key_P), QKeySequence(Qt::Key_Pause)});
    connect(pauseAction, &QAction::triggered, prompter_, &app::PrompterController::toggle);
    transport->addSeparator();
    transport->addAction(flubAction_);
    transport->addAction(pauseAction);
    transport->addAction(nextSectionAction_);
    transport->addAction(previousSectionAction_);
    transport->addAction(promptAction_);

    prompterWindowAction_ = new QAction(tr("Prompter &Window"), this);
    prompterWindowAction_->setObjectName(QStringLiteral("actionPrompterWindow"));
    prompterWindowAction_->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    prompterWindowAction_->setStatusTip(
        tr("The prompter in its own window, for a second screen or prompter glass"));
    connect(prompterWindowAction_, &QAction::triggered, this, &MainWindow::showPrompterWindow);
    view->addAction(prompterWindowAction_);
    view->addAction(scriptDock_->toggleViewAction());
}

bool MainWindow::prompting() const {
    return studio_.recording() && !prompter_->script().isEmpty() && promptAction_->isChecked();
}

// Recording with the prompter: its view takes the keyboard, so the first pedal press goes to
// the prompter and not to whatever had the focus.
void MainWindow::focusPrompter() {
    if (prompterWindow_ && prompterWindow_->isVisible()) {
        prompterWindow_->activateWindow();
        prompterWindow_->view().setFocus();
        return;
    }
    prompterDock_->show();
    prompterDock_->raise();
    prompterView_->setFocus();
}

void MainWindow::showPrompterWindow() {
    if (!prompterWindow_) {
        prompterWindow_ = new PrompterWindow(*prompter_, this);
        prompterWindow_->setObjectName(QStringLiteral("prompterWindow"));
        connect(&prompterWindow_->view(), &PrompterView::flubRequested, prompted_,
                &app::PromptedRecording::flub);
        connect(&prompterWindow_->view(), &PrompterView::transportRequested, this,
                &MainWindow::playPause);
        prompterWindow_->resize(1000, 700);
    }
    prompterWindow_->show();
    prompterWindow_->raise();
    prompterWindow_->activateWindow();
}

// When another episode opens: its script into the editor and the prompter (not on every
// episodeChanged, which also comes after each take: the prompter keeps its place then).
void MainWindow::loadEpisodeScript() {
    const QString folder = studio_.hasEpisode() ? studio_.folder() : QString();
    if (folder == scriptFolder_) {
        return;
    }
    scriptEditor_->flush(); // typing not yet stored goes to the episode it was typed in
    scriptFolder_ = folder;
    app::Script script;
    bool readable = true;
    if (!folder.isEmpty()) {
        const app::ScriptParseResult loaded = app::loadScript(folder, studio_.episode());
        if (!loaded.error.isEmpty()) {
            // Editing would save over the file: it stays as it is until it is fixed or a
            // script is imported in its place.
            readable = false;
            QMessageBox::warning(this, tr("Script"),
                                 tr("%1\n\nThe script is left as it is; import a script to "
                                    "replace it.")
                                     .arg(loaded.error));
        }
        script = loaded.script;
    }
    scriptEditor_->textEdit()->setReadOnly(!readable);
    showScript(script);
}

void MainWindow::showScript(const app::Script& script) {
    scriptEditor_->setScript(script);
    prompter_->setScript(script);
    prompterStack_->setCurrentIndex(script.isEmpty() ? 0 : 1);
}

void MainWindow::importScript() {
    if (!studio_.hasEpisode()) {
        return;
    }
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Import Script"), QString(),
                                     tr("Scripts (*.txt *.md *.markdown *.text);;All files (*)"));
    if (file.isEmpty()) {
        return;
    }
    app::Episode& episode = studio_.document().episodeForRecording();
    if (const QString err = app::importScript(studio_.folder(), episode, file); !err.isEmpty()) {
        QMessageBox::warning(this, tr("Import Script"), err);
        return;
    }
    studio_.document().routingChanged(); // episode.json names the script: save it with it
    scriptEditor_->textEdit()->setReadOnly(false);
    const app::ScriptParseResult loaded = app::loadScript(studio_.folder(), episode);
    showScript(loaded.script);
    statusBar()->showMessage(tr("Script imported: %1 section(s), %2 words")
                                 .arg(loaded.script.sections.size())
                                 .arg(loaded.script.wordCount),
                             8000);
}

// The editor's text is the script: stored at once (script.md, atomically), and the prompter
// follows, keeping its place and, mid-take, its scrolling.
void MainWindow::onScriptEdited() {
    if (scriptFolder_.isEmpty()) {
        return;
    }
    if (!scriptEditor_->parseError().isEmpty()) {
        statusBar()->showMessage(tr("The script is not saved while it does not read: %1")
                                     .arg(scriptEditor_->parseError()),
                                 10000);
        return;
    }
    const app::Script script = scriptEditor_->script();
    const bool current = studio_.hasEpisode() && studio_.folder() == scriptFolder_;
    app::Episode other; // an episode just closed: only its script.md is written
    app::Episode& episode = current ? studio_.document().episodeForRecording() : other;
    const bool named = !episode.script.isEmpty();
    if (const QString err = app::saveScript(scriptFolder_, episode, script); !err.isEmpty()) {
        statusBar()->showMessage(tr("The script could not be saved: %1").arg(err), 10000);
        return;
    }
    if (!current) {
        return;
    }
    if (!named) {
        studio_.document().routingChanged();
    }
    prompter_->replaceScript(script);
    prompterStack_->setCurrentIndex(script.isEmpty() ? 0 : 1);
}

} // namespace onair::ui
