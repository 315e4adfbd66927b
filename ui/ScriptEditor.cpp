#include "ui/ScriptEditor.h"

#include "app/ScriptEdits.h"
#include "app/ScriptParser.h"
#include "ui/ScriptHighlighter.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSplitter>
#include <QTextBlock>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace onair::ui {
namespace {

constexpr int reparseDelayMs = 250; // one parse per pause in typing, not per key

bool isBlank(const QTextBlock& b) {
    return b.isValid() && b.text().trimmed().isEmpty();
}

// A neighbour line that would join a line into its paragraph.
bool joinsParagraph(const QTextBlock& b) {
    return b.isValid() && !isBlank(b) && ScriptHighlighter::headingLevel(b.text()) == 0;
}

} // namespace

ScriptEditor::ScriptEditor(QWidget* parent)
    : QWidget(parent)
    , edit_(new QPlainTextEdit)
    , highlighter_(new ScriptHighlighter(edit_->document()))
    , sections_(new QTreeWidget)
    , summary_(new QLabel)
    , headingAction_(new QAction(tr("Mark as heading"), this))
    , reparseTimer_(new QTimer(this)) {
    edit_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    edit_->setContextMenuPolicy(Qt::CustomContextMenu);
    edit_->setPlaceholderText(tr("Paste or type the script. Lines starting with \"## \" are "
                                 "sections; [MUSIC] is a cue, HOST: a speaker."));

    sections_->setColumnCount(3);
    sections_->setHeaderLabels({tr("Section"), tr("Words"), tr("Time")});
    sections_->setRootIsDecorated(false);
    sections_->header()->setStretchLastSection(false);
    sections_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    sections_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    sections_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);

    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(sections_);
    sideLayout->addWidget(summary_);
    summary_->setWordWrap(true);

    auto* splitter = new QSplitter;
    splitter->addWidget(edit_);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    headingAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    headingAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(headingAction_);
    connect(headingAction_, &QAction::triggered, this, &ScriptEditor::toggleHeading);

    reparseTimer_->setSingleShot(true);
    reparseTimer_->setInterval(reparseDelayMs);
    connect(reparseTimer_, &QTimer::timeout, this, [this] {
        reparse();
        updateSections();
        emit scriptEdited();
    });
    connect(edit_, &QPlainTextEdit::textChanged, this, [this] {
        dirty_ = true;
        reparseTimer_->start();
    });
    connect(edit_, &QPlainTextEdit::cursorPositionChanged, this,
            &ScriptEditor::updateHeadingAction);
    connect(edit_, &QWidget::customContextMenuRequested, this, &ScriptEditor::showContextMenu);
    connect(sections_, &QTreeWidget::itemActivated, this, &ScriptEditor::goToSection);
    connect(sections_, &QTreeWidget::itemClicked, this, &ScriptEditor::goToSection);
    updateSections();
}

void ScriptEditor::setScript(const app::Script& script) {
    {
        const QSignalBlocker block(edit_);
        edit_->setPlainText(app::scriptToMarkdown(script));
    }
    dirty_ = true;
    reparseTimer_->stop();
    reparse();
    updateSections();
    updateHeadingAction();
}

void ScriptEditor::flush() {
    if (reparseTimer_->isActive()) {
        reparseTimer_->stop();
        reparse();
        updateSections();
        emit scriptEdited();
    }
}

app::Script ScriptEditor::script() const {
    reparse();
    return script_;
}

QString ScriptEditor::markdown() const {
    return edit_->toPlainText();
}

void ScriptEditor::setWordsPerMinute(double wordsPerMinute) {
    if (wordsPerMinute > 0 && wordsPerMinute != wpm_) {
        wpm_ = wordsPerMinute;
        updateSections();
    }
}

void ScriptEditor::reparse() const {
    if (!dirty_) {
        return;
    }
    dirty_ = false;
    app::ScriptParseResult r =
        app::parseScript(edit_->toPlainText().toUtf8(), app::ScriptSource::Stored);
    error_ = r.error;
    if (r.error.isEmpty()) {
        script_ = std::move(r.script);
    }
}

void ScriptEditor::updateSections() {
    reparse();
    const auto stats = app::sectionStats(script_, wpm_);
    sections_->clear();
    for (int i = 0; i < stats.size(); ++i) {
        auto* item = new QTreeWidgetItem(
            {stats[i].title.isEmpty() ? tr("(opening)") : stats[i].title,
             QString::number(stats[i].words), app::readTimeText(stats[i].seconds)});
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        item->setData(0, Qt::UserRole, i);
        sections_->addTopLevelItem(item);
    }
    summary_->setText(error_.isEmpty() ? tr("%1 words, %2 at %3 words per minute")
                                             .arg(script_.wordCount)
                                             .arg(app::readTimeText(
                                                 app::Script::readSeconds(script_.wordCount, wpm_)))
                                             .arg(wpm_)
                                       : error_);
}

void ScriptEditor::updateHeadingAction() {
    const bool heading = ScriptHighlighter::headingLevel(edit_->textCursor().block().text()) > 0;
    headingAction_->setText(heading ? tr("Unmark heading") : tr("Mark as heading"));
}

void ScriptEditor::toggleHeading() {
    QTextCursor cursor = edit_->textCursor();
    const QTextBlock block = cursor.block();
    int lineNumber = block.blockNumber();
    const QString line = block.text();
    if (line.trimmed().isEmpty()) {
        return;
    }
    // "\#..." is how the stored form keeps a text line that starts with "#" (see parseScript).
    static const QRegularExpression escapedHash(QStringLiteral("^\\\\+#"));
    cursor.beginEditBlock();
    cursor.movePosition(QTextCursor::StartOfBlock);
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    if (ScriptHighlighter::headingLevel(line) > 0) {
        QString text = line.trimmed();
        while (text.startsWith(u'#')) {
            text.remove(0, 1);
        }
        text = text.trimmed();
        if (text.startsWith(u'#') || escapedHash.match(text).hasMatch()) {
            text.prepend(u'\\');
        }
        cursor.insertText(text);
        // Blank lines around it, or it would join the text above or below as one paragraph.
        if (joinsParagraph(block.next())) {
            cursor.insertText(QStringLiteral("\n"));
        }
        if (joinsParagraph(block.previous())) {
            cursor.movePosition(QTextCursor::StartOfBlock);
            cursor.insertText(QStringLiteral("\n"));
            ++lineNumber;
        }
    } else {
        QString text = line.trimmed();
        if (escapedHash.match(text).hasMatch()) {
            text.remove(0, 1);
        }
        cursor.insertText(QStringLiteral("## ") + text);
    }
    cursor.endEditBlock();
    QTextCursor onLine(edit_->document()->findBlockByNumber(lineNumber));
    onLine.movePosition(QTextCursor::EndOfBlock);
    edit_->setTextCursor(onLine);
    reparseTimer_->stop();
    reparse();
    updateSections();
    updateHeadingAction();
    emit scriptEdited();
}

void ScriptEditor::showContextMenu(const QPoint& pos) {
    // The toggle applies to the line that was right-clicked.
    const QTextCursor clicked = edit_->cursorForPosition(pos);
    if (!edit_->textCursor().hasSelection()) {
        edit_->setTextCursor(clicked);
    }
    QMenu* menu = edit_->createStandardContextMenu(pos);
    menu->addSeparator();
    menu->addAction(headingAction_);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(edit_->viewport()->mapToGlobal(pos));
}

void ScriptEditor::goToSection() {
    const QTreeWidgetItem* item = sections_->currentItem();
    if (!item) {
        return;
    }
    reparse();
    const int index = item->data(0, Qt::UserRole).toInt();
    if (index < 0 || index >= script_.sections.size()) {
        return;
    }
    const app::ScriptSection& s = script_.sections[index];
    const int block = s.heading >= 0 ? s.heading : s.firstBlock;
    if (block >= script_.blocks.size()) {
        return;
    }
    QTextCursor cursor(edit_->document()->findBlockByNumber(script_.blocks[block].sourceLine));
    edit_->setTextCursor(cursor);
    edit_->centerCursor();
    edit_->setFocus();
}

} // namespace onair::ui
