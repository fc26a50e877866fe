<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>&lt;h2&gt;Vision Desktop&lt;/h2&gt;&lt;p&gt;Version {version}&lt;/p&gt;&lt;p&gt;Ask a vision model about your images.&lt;/p&gt;&lt;p&gt;Your API keys stay in the system keyring. Settings: {config}&lt;br&gt;Logs: {logs}&lt;/p&gt;</source>
            <translation>&lt;h2&gt;Vision Desktop&lt;/h2&gt;&lt;p&gt;版本 {version}&lt;/p&gt;&lt;p&gt;就您的图片向视觉模型提问。&lt;/p&gt;&lt;p&gt;您的 API 密钥保存在系统凭据库中。设置：{config}&lt;br&gt;日志：{logs}&lt;/p&gt;</translation>
        </message>
        <message>
            <source>About Vision Desktop</source>
            <translation>关于 Vision Desktop</translation>
        </message>
    </context>
    <context>
        <name>Accessibility</name>
        <message>
            <source>API key</source>
            <translation>API 密钥</translation>
        </message>
        <message>
            <source>Add images</source>
            <translation>添加图片</translation>
        </message>
        <message>
            <source>Add pages</source>
            <translation>添加页面</translation>
        </message>
        <message>
            <source>Answer finished</source>
            <translation>回答已完成</translation>
        </message>
        <message>
            <source>Answer stopped</source>
            <translation>回答已停止</translation>
        </message>
        <message>
            <source>Appearance</source>
            <translation>外观</translation>
        </message>
        <message>
            <source>Asks the same question again for a new answer.</source>
            <translation>再问一次同样的问题，获取新的回答。</translation>
        </message>
        <message>
            <source>Base URL</source>
            <translation>接口地址</translation>
        </message>
        <message>
            <source>Cancel the request</source>
            <translation>取消请求</translation>
        </message>
        <message>
            <source>Choose a certificate file</source>
            <translation>选择证书文件</translation>
        </message>
        <message>
            <source>Choose whether a tall picture is cut into tiles.</source>
            <translation>选择是否将长图切分成小块。</translation>
        </message>
        <message>
            <source>Conversation</source>
            <translation>对话</translation>
        </message>
        <message>
            <source>Conversations</source>
            <translation>对话列表</translation>
        </message>
        <message>
            <source>Copies the answer as text; its menu also offers it as Markdown.</source>
            <translation>以文本形式复制回答；其菜单中也可以复制为 Markdown。</translation>
        </message>
        <message>
            <source>Copy answer</source>
            <translation>复制回答</translation>
        </message>
        <message>
            <source>Copy code</source>
            <translation>复制代码</translation>
        </message>
        <message>
            <source>Currency of the prices and the budget</source>
            <translation>价格和预算使用的货币</translation>
        </message>
        <message>
            <source>Cut tall pictures into tiles</source>
            <translation>将长图切分成小块</translation>
        </message>
        <message>
            <source>Default model</source>
            <translation>默认模型</translation>
        </message>
        <message>
            <source>Delete conversations older than this many days</source>
            <translation>删除早于此天数的对话</translation>
        </message>
        <message>
            <source>Edit the question</source>
            <translation>编辑问题</translation>
        </message>
        <message>
            <source>Error: {message}</source>
            <translation>错误：{message}</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>导出 CSV</translation>
        </message>
        <message>
            <source>Extra certificate file</source>
            <translation>额外证书文件</translation>
        </message>
        <message>
            <source>Finds words in past questions and answers.</source>
            <translation>在以往的问题和回答中查找文字。</translation>
        </message>
        <message>
            <source>For example: 1-3, 7</source>
            <translation>例如：1-3, 7</translation>
        </message>
        <message>
            <source>For example: Answer in German. Be brief.</source>
            <translation>例如：用德语回答，简明扼要。</translation>
        </message>
        <message>
            <source>How this picture is sent</source>
            <translation>这张图片的发送方式</translation>
        </message>
        <message>
            <source>Image profile of the model</source>
            <translation>模型的图片配置</translation>
        </message>
        <message>
            <source>Images to send</source>
            <translation>要发送的图片</translation>
        </message>
        <message>
            <source>Instructions for the model</source>
            <translation>给模型的指令</translation>
        </message>
        <message>
            <source>Jump to the latest answer</source>
            <translation>跳到最新的回答</translation>
        </message>
        <message>
            <source>Kept in the system keyring, never in a file.</source>
            <translation>保存在系统凭据库中，绝不会写入文件。</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>键盘快捷键</translation>
        </message>
        <message>
            <source>Longer answers are cut at this length.</source>
            <translation>超过此长度的回答会被截断。</translation>
        </message>
        <message>
            <source>Lower is more focused, higher is more varied (0 to 2).</source>
            <translation>越低越专注，越高越多样（0 到 2）。</translation>
        </message>
        <message>
            <source>Maximum answer length in tokens</source>
            <translation>回答的最大长度（Token 数）</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Monthly budget</source>
            <translation>每月预算</translation>
        </message>
        <message>
            <source>New conversation</source>
            <translation>新对话</translation>
        </message>
        <message>
            <source>Number of pages from the start</source>
            <translation>从第一页起的页数</translation>
        </message>
        <message>
            <source>Open Settings to enter the API key</source>
            <translation>打开设置以输入 API 密钥</translation>
        </message>
        <message>
            <source>Opens a file chooser. You can also paste a picture with Ctrl+V or drop files on the window.</source>
            <translation>打开文件选择窗口。也可以按 Ctrl+V 粘贴图片，或将文件拖到窗口中。</translation>
        </message>
        <message>
            <source>Opens the settings (Ctrl+comma).</source>
            <translation>打开设置 (Ctrl+逗号)。</translation>
        </message>
        <message>
            <source>Optional instructions sent with every question.</source>
            <translation>每次提问都会附带的可选指令。</translation>
        </message>
        <message>
            <source>Pages of a dropped PDF added by default</source>
            <translation>拖入 PDF 时默认添加的页数</translation>
        </message>
        <message>
            <source>Pages to add</source>
            <translation>要添加的页面</translation>
        </message>
        <message>
            <source>Press Enter to open a conversation, Delete to delete it, the menu key for more.</source>
            <translation>按 Enter 打开对话，按 Delete 删除对话，按菜单键查看更多操作。</translation>
        </message>
        <message>
            <source>Press Enter to see it large.</source>
            <translation>按 Enter 查看大图。</translation>
        </message>
        <message>
            <source>Provider</source>
            <translation>服务商</translation>
        </message>
        <message>
            <source>Proxy</source>
            <translation>代理</translation>
        </message>
        <message>
            <source>Put the question back in the box</source>
            <translation>将问题放回输入框</translation>
        </message>
        <message>
            <source>Puts the question back in the box; sending it again replaces this turn.</source>
            <translation>将问题放回输入框；再次发送后会替换这一轮对话。</translation>
        </message>
        <message>
            <source>Question</source>
            <translation>问题</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Regenerate the answer</source>
            <translation>重新生成回答</translation>
        </message>
        <message>
            <source>Remove the stored key</source>
            <translation>删除已保存的密钥</translation>
        </message>
        <message>
            <source>Remove this image</source>
            <translation>移除这张图片</translation>
        </message>
        <message>
            <source>Request timeout in seconds</source>
            <translation>请求超时（秒）</translation>
        </message>
        <message>
            <source>Retry the question</source>
            <translation>重试这个问题</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Save the whole answer</source>
            <translation>保存完整回答</translation>
        </message>
        <message>
            <source>Saves every answer's date, model, tokens and cost.</source>
            <translation>保存每个回答的日期、模型、Token 数和费用。</translation>
        </message>
        <message>
            <source>Saves the answer as a Markdown file.</source>
            <translation>将回答保存为 Markdown 文件。</translation>
        </message>
        <message>
            <source>Search conversations</source>
            <translation>搜索对话</translation>
        </message>
        <message>
            <source>Send the question</source>
            <translation>发送问题</translation>
        </message>
        <message>
            <source>Sends a tiny built-in picture and checks that the model can see it.</source>
            <translation>发送一张内置的小图片，检查模型能否看到它。</translation>
        </message>
        <message>
            <source>Sends the question and its images (Ctrl+Enter).</source>
            <translation>发送问题及其图片 (Ctrl+Enter)。</translation>
        </message>
        <message>
            <source>Sends the same question and images again.</source>
            <translation>重新发送同样的问题和图片。</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Show answers as they arrive</source>
            <translation>边生成边显示回答</translation>
        </message>
        <message>
            <source>Show instructions for the model</source>
            <translation>显示给模型的指令</translation>
        </message>
        <message>
            <source>Show the key</source>
            <translation>显示密钥</translation>
        </message>
        <message>
            <source>Shows what the service answered, for support.</source>
            <translation>显示服务返回的原始信息，便于寻求技术支持。</translation>
        </message>
        <message>
            <source>Starts afresh (Ctrl+N).</source>
            <translation>重新开始 (Ctrl+N)。</translation>
        </message>
        <message>
            <source>Stops waiting for the answer (Esc).</source>
            <translation>不再等待回答 (Esc)。</translation>
        </message>
        <message>
            <source>Takes the image out of the question.</source>
            <translation>将这张图片从问题中移除。</translation>
        </message>
        <message>
            <source>Technical details</source>
            <translation>技术详情</translation>
        </message>
        <message>
            <source>Temperature</source>
            <translation>温度</translation>
        </message>
        <message>
            <source>Test connection</source>
            <translation>测试连接</translation>
        </message>
        <message>
            <source>Text size in percent of the system's</source>
            <translation>文字大小（相对于系统设置的百分比）</translation>
        </message>
        <message>
            <source>The address of the service; leave it as it is for a known provider.</source>
            <translation>服务的接口地址；如果是已知的服务商，请保持不变。</translation>
        </message>
        <message>
            <source>The model that answers; it must be able to see images.</source>
            <translation>回答问题的模型；它必须能够识别图片。</translation>
        </message>
        <message>
            <source>The service that answers your questions.</source>
            <translation>回答您问题的服务。</translation>
        </message>
        <message>
            <source>Type your question; press Ctrl+Enter to send it.</source>
            <translation>输入您的问题；按 Ctrl+Enter 发送。</translation>
        </message>
        <message>
            <source>Undo delete</source>
            <translation>撤销删除</translation>
        </message>
    </context>
    <context>
        <name>AnswerView</name>
        <message>
            <source>Image not loaded: {url}</source>
            <translation>图片未加载：{url}</translation>
        </message>
        <message>
            <source>Not opened: {url} (only http, https and mailto links open)</source>
            <translation>未打开：{url}（只能打开 http、https 和 mailto 链接）</translation>
        </message>
        <message>
            <source>[image: {text}]</source>
            <translation>[图片：{text}]</translation>
        </message>
    </context>
    <context>
        <name>BatchRowWindow</name>
        <message>
            <source>Answer</source>
            <translation>回答</translation>
        </message>
    </context>
    <context>
        <name>BatchTableModel</name>
        <message>
            <source>Answer</source>
            <translation>回答</translation>
        </message>
        <message>
            <source>Cost</source>
            <translation>费用</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Fixed by hand: {text}</source>
            <translation>已手动修正：{text}</translation>
        </message>
        <message>
            <source>Picture</source>
            <translation>图片</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>用时</translation>
        </message>
        <message>
            <source>Tokens</source>
            <translation>Token</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>等待中</translation>
        </message>
        <message>
            <source>no</source>
            <translation>否</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>{seconds} s</source>
            <translation>{seconds} 秒</translation>
        </message>
    </context>
    <context>
        <name>BatchWindow</name>
        <message>
            <source>1 PDF page</source>
            <translation>1 个 PDF 页面</translation>
        </message>
        <message>
            <source>1 picture</source>
            <translation>1 张图片</translation>
        </message>
        <message>
            <source>About {tokens} tokens to send for {count} (no price is known for this model).</source>
            <translation>将为 {count} 发送约 {tokens} 个 Token（此模型的价格未知）。</translation>
        </message>
        <message>
            <source>About {tokens} tokens to send for {count}, about {cost} (the answers cost extra).</source>
            <translation>将为 {count} 发送约 {tokens} 个 Token，约 {cost}（回答另外计费）。</translation>
        </message>
        <message>
            <source>Add a folder or some pictures first.</source>
            <translation>请先添加文件夹或图片。</translation>
        </message>
        <message>
            <source>Add files…</source>
            <translation>添加文件…</translation>
        </message>
        <message>
            <source>Add folder…</source>
            <translation>添加文件夹…</translation>
        </message>
        <message>
            <source>Add pictures, type a question, then press Start.</source>
            <translation>添加图片，输入问题，然后按“开始”。</translation>
        </message>
        <message>
            <source>Answers</source>
            <translation>回答</translation>
        </message>
        <message>
            <source>At once:</source>
            <translation>同时请求数：</translation>
        </message>
        <message>
            <source>CSV for spreadsheets (*.csv)</source>
            <translation>CSV 表格文件 (*.csv)</translation>
        </message>
        <message>
            <source>Choose a folder of pictures</source>
            <translation>选择图片文件夹</translation>
        </message>
        <message>
            <source>Choose pictures or PDFs</source>
            <translation>选择图片或 PDF</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清空</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>Edit fields…</source>
            <translation>编辑字段…</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Export the batch</source>
            <translation>导出批量处理结果</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>Fields to extract</source>
            <translation>要提取的字段</translation>
        </message>
        <message>
            <source>Fields:</source>
            <translation>字段：</translation>
        </message>
        <message>
            <source>Finished: every picture has its answer.</source>
            <translation>已完成：每张图片都已得到回答。</translation>
        </message>
        <message>
            <source>Finished; {count} failed. Point at a failed row to see why, or run them again.</source>
            <translation>已完成；{count} 失败。将鼠标指向失败的行可查看原因，也可以重新运行这些行。</translation>
        </message>
        <message>
            <source>Going on.</source>
            <translation>继续处理。</translation>
        </message>
        <message>
            <source>How many pictures are asked about at the same time.</source>
            <translation>同时提问的图片数量。</translation>
        </message>
        <message>
            <source>JSON Lines (*.jsonl)</source>
            <translation>JSON Lines (*.jsonl)</translation>
        </message>
        <message>
            <source>Max tokens:</source>
            <translation>最大 Token 数：</translation>
        </message>
        <message>
            <source>Maximum answer length in tokens</source>
            <translation>回答的最大长度（Token 数）</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Model:</source>
            <translation>模型：</translation>
        </message>
        <message>
            <source>New batch — Vision Desktop</source>
            <translation>新建批量处理 — Vision Desktop</translation>
        </message>
        <message>
            <source>No pictures yet: add a folder or files, or drop them here.</source>
            <translation>还没有图片：请添加文件夹或文件，或将它们拖到这里。</translation>
        </message>
        <message>
            <source>Optional: one column per field, e.g. vendor:text, total:number</source>
            <translation>可选：每个字段一列，例如 vendor:text, total:number</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <source>Paused: the answers on their way are still saved; no new picture is sent.</source>
            <translation>已暂停：正在返回的回答仍会保存；不会再发送新的图片。</translation>
        </message>
        <message>
            <source>Pictures and PDFs ({patterns})</source>
            <translation>图片和 PDF ({patterns})</translation>
        </message>
        <message>
            <source>Pictures:</source>
            <translation>图片：</translation>
        </message>
        <message>
            <source>Problem: {error}</source>
            <translation>问题：{error}</translation>
        </message>
        <message>
            <source>Progress</source>
            <translation>进度</translation>
        </message>
        <message>
            <source>Question</source>
            <translation>问题</translation>
        </message>
        <message>
            <source>Question:</source>
            <translation>问题：</translation>
        </message>
        <message>
            <source>Reading the pictures…</source>
            <translation>正在读取图片…</translation>
        </message>
        <message>
            <source>Requests at once</source>
            <translation>同时请求数</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>继续</translation>
        </message>
        <message>
            <source>Run again for failed rows</source>
            <translation>重新运行失败的行</translation>
        </message>
        <message>
            <source>Save the table as CSV, Excel (XLSX) or JSON Lines.</source>
            <translation>将表格保存为 CSV、Excel (XLSX) 或 JSON Lines 文件。</translation>
        </message>
        <message>
            <source>Saved {path}.</source>
            <translation>已保存 {path}。</translation>
        </message>
        <message>
            <source>Saving {name}…</source>
            <translation>正在保存 {name}…</translation>
        </message>
        <message>
            <source>Send the pictures not answered yet; the answers saved are kept.</source>
            <translation>发送尚未得到回答的图片；已保存的回答会保留。</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>开始</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Stopped. The answers so far are kept; {left} picture(s) were not sent.</source>
            <translation>已停止。已得到的回答会保留；还有 {left} 张图片未发送。</translation>
        </message>
        <message>
            <source>Stopping…</source>
            <translation>正在停止…</translation>
        </message>
        <message>
            <source>Temperature</source>
            <translation>温度</translation>
        </message>
        <message>
            <source>Temperature:</source>
            <translation>温度：</translation>
        </message>
        <message>
            <source>The pictures are still being read; press Start again in a moment.</source>
            <translation>图片仍在读取中；请稍后再按“开始”。</translation>
        </message>
        <message>
            <source>The question asked about every picture, e.g. What is the total?</source>
            <translation>对每张图片提出的问题，例如：总金额是多少？</translation>
        </message>
        <message>
            <source>Wait for the batch to finish, or stop it, before adding pictures.</source>
            <translation>请等待批量处理完成或将其停止，然后再添加图片。</translation>
        </message>
        <message>
            <source>Your change is shown and exported, but could not be saved with the batch: {why}</source>
            <translation>您的修改已显示并会导出，但无法随批量处理一起保存：{why}</translation>
        </message>
        <message>
            <source>about {time} left</source>
            <translation>预计还需 {time}</translation>
        </message>
        <message>
            <source>{cost} so far</source>
            <translation>目前费用 {cost}</translation>
        </message>
        <message>
            <source>{count} PDF pages</source>
            <translation>{count} 个 PDF 页面</translation>
        </message>
        <message>
            <source>{count} failed</source>
            <translation>{count} 个失败</translation>
        </message>
        <message>
            <source>{count} from the batch {name}</source>
            <translation>{count}，来自批量处理“{name}”</translation>
        </message>
        <message>
            <source>{count} from {names}</source>
            <translation>{count}，来自 {names}</translation>
        </message>
        <message>
            <source>{count} pictures</source>
            <translation>{count} 张图片</translation>
        </message>
        <message>
            <source>{done} of {total} done</source>
            <translation>已完成 {done}/{total}</translation>
        </message>
        <message>
            <source>{name} could not be saved: {why}</source>
            <translation>无法保存 {name}：{why}</translation>
        </message>
        <message>
            <source>{name} — Batch — Vision Desktop</source>
            <translation>{name} — 批量处理 — Vision Desktop</translation>
        </message>
        <message>
            <source>{pictures} and {pages}</source>
            <translation>{pictures}和 {pages}</translation>
        </message>
        <message>
            <source>{time} elapsed</source>
            <translation>已用时 {time}</translation>
        </message>
    </context>
    <context>
        <name>CodeBlock</name>
        <message>
            <source>Code</source>
            <translation>代码</translation>
        </message>
        <message>
            <source>Code block</source>
            <translation>代码块</translation>
        </message>
        <message>
            <source>Copied</source>
            <translation>已复制</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Copy code</source>
            <translation>复制代码</translation>
        </message>
        <message>
            <source>Copy this code to the clipboard</source>
            <translation>将这段代码复制到剪贴板</translation>
        </message>
    </context>
    <context>
        <name>Composer</name>
        <message>
            <source>Add images</source>
            <translation>添加图片</translation>
        </message>
        <message>
            <source>Add images…</source>
            <translation>添加图片…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Cancel the request</source>
            <translation>取消请求</translation>
        </message>
        <message>
            <source>Choose image files (you can also drop them onto the window or paste with Ctrl+V)</source>
            <translation>选择图片文件（也可以将图片拖到窗口中，或按 Ctrl+V 粘贴）</translation>
        </message>
        <message>
            <source>For example: Answer in German. Be brief.</source>
            <translation>例如：用德语回答，简明扼要。</translation>
        </message>
        <message>
            <source>Images and PDFs (*.png *.jpg *.jpeg *.gif *.webp *.bmp *.tif *.tiff *.heic *.heif *.avif *.pdf);;PDF documents (*.pdf);;All files (*)</source>
            <translation>图片和 PDF (*.png *.jpg *.jpeg *.gif *.webp *.bmp *.tif *.tiff *.heic *.heif *.avif *.pdf);;PDF 文档 (*.pdf);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Instructions</source>
            <translation>指令</translation>
        </message>
        <message>
            <source>Instructions (set)</source>
            <translation>指令（已设置）</translation>
        </message>
        <message>
            <source>Instructions for the model</source>
            <translation>给模型的指令</translation>
        </message>
        <message>
            <source>Optional instructions sent with every question (a system prompt)</source>
            <translation>每次提问都会附带的可选指令（系统提示词）</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>发送</translation>
        </message>
        <message>
            <source>Send (Ctrl+Enter)</source>
            <translation>发送 (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Send the question</source>
            <translation>发送问题</translation>
        </message>
        <message>
            <source>Show instructions for the model</source>
            <translation>显示给模型的指令</translation>
        </message>
        <message>
            <source>Stop waiting for this answer (Esc)</source>
            <translation>不再等待这个回答 (Esc)</translation>
        </message>
        <message>
            <source>Time since sending</source>
            <translation>发送后已用时间</translation>
        </message>
        <message>
            <source>{seconds} s</source>
            <translation>{seconds} 秒</translation>
        </message>
    </context>
    <context>
        <name>ConnectionForm</name>
        <message>
            <source>&amp;Base URL:</source>
            <translation>接口地址(&amp;B)：</translation>
        </message>
        <message>
            <source>&amp;Provider:</source>
            <translation>服务商(&amp;P)：</translation>
        </message>
        <message>
            <source>A key is kept for this session only: no system keyring is available to store it.</source>
            <translation>密钥仅在本次运行期间保留：没有可用的系统凭据库来保存它。</translation>
        </message>
        <message>
            <source>A key is stored in the system keyring. Type a new one to replace it.</source>
            <translation>已有密钥保存在系统凭据库中。输入新密钥即可替换。</translation>
        </message>
        <message>
            <source>API &amp;key:</source>
            <translation>API 密钥(&amp;K)：</translation>
        </message>
        <message>
            <source>API key</source>
            <translation>API 密钥</translation>
        </message>
        <message>
            <source>Base URL</source>
            <translation>接口地址</translation>
        </message>
        <message>
            <source>Checking the system keyring…</source>
            <translation>正在检查系统凭据库…</translation>
        </message>
        <message>
            <source>Connected, but the model did not describe the test picture (it answered “{answer}”). This model or relay may not pass images through. Connection: {route}.</source>
            <translation>已连接，但模型没有描述出测试图片（它的回答是“{answer}”）。此模型或中转服务可能不支持传递图片。连接：{route}。</translation>
        </message>
        <message>
            <source>Delete this provider's key from the system keyring</source>
            <translation>从系统凭据库中删除此服务商的密钥</translation>
        </message>
        <message>
            <source>Hide</source>
            <translation>隐藏</translation>
        </message>
        <message>
            <source>Hide the key</source>
            <translation>隐藏密钥</translation>
        </message>
        <message>
            <source>No key stored for this provider yet.</source>
            <translation>尚未保存此服务商的密钥。</translation>
        </message>
        <message>
            <source>Opens {name}'s website in your browser: {url}</source>
            <translation>在浏览器中打开 {name} 的网站：{url}</translation>
        </message>
        <message>
            <source>Paste your API key</source>
            <translation>粘贴您的 API 密钥</translation>
        </message>
        <message>
            <source>Provider</source>
            <translation>服务商</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Remove the stored key</source>
            <translation>删除已保存的密钥</translation>
        </message>
        <message>
            <source>Sends a tiny built-in picture and checks that the model can see it</source>
            <translation>发送一张内置的小图片，检查模型能否看到它</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>显示</translation>
        </message>
        <message>
            <source>Show answers as they &amp;arrive (streaming)</source>
            <translation>边生成边显示回答（流式输出）(&amp;A)</translation>
        </message>
        <message>
            <source>Show or hide the key you typed</source>
            <translation>显示或隐藏您输入的密钥</translation>
        </message>
        <message>
            <source>Show the key</source>
            <translation>显示密钥</translation>
        </message>
        <message>
            <source>Test co&amp;nnection</source>
            <translation>测试连接(&amp;N)</translation>
        </message>
        <message>
            <source>Testing…</source>
            <translation>正在测试…</translation>
        </message>
        <message>
            <source>The address your provider gives for its OpenAI-compatible API, usually ending in /v1</source>
            <translation>服务商提供的 OpenAI 兼容接口地址，通常以 /v1 结尾</translation>
        </message>
        <message>
            <source>Turn this off for a relay that garbles streamed answers; the answer then appears when complete.</source>
            <translation>如果中转服务的流式回答出现乱码，请关闭此项；关闭后，回答会在完整生成后一次显示。</translation>
        </message>
        <message>
            <source>Warning: this address is not encrypted (http://); your key would travel in the clear.</source>
            <translation>警告：此地址未加密 (http://)，您的密钥将以明文传输。</translation>
        </message>
        <message>
            <source>Where do I get a key for {name}?</source>
            <translation>如何获取 {name} 的密钥？</translation>
        </message>
        <message>
            <source>Where do I get a key?</source>
            <translation>如何获取密钥？</translation>
        </message>
        <message>
            <source>Will use {url} ({changes}).</source>
            <translation>将使用 {url}（{changes}）。</translation>
        </message>
        <message>
            <source>✔ Connected. The model saw the test picture (it answered “{answer}”).</source>
            <translation>✔ 已连接。模型看到了测试图片（它的回答是“{answer}”）。</translation>
        </message>
    </context>
    <context>
        <name>ConversationView</name>
        <message>
            <source>&lt;h3&gt;Ask about your images&lt;/h3&gt;&lt;p&gt;Drop images onto the window, paste a screenshot with &lt;b&gt;Ctrl+V&lt;/b&gt;, or use &lt;b&gt;Add images…&lt;/b&gt;.&lt;br&gt;Then type a question and press &lt;b&gt;Ctrl+Enter&lt;/b&gt;.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;就您的图片提问&lt;/h3&gt;&lt;p&gt;将图片拖到窗口中、按 &lt;b&gt;Ctrl+V&lt;/b&gt; 粘贴截图，或使用&lt;b&gt;添加图片…&lt;/b&gt;。&lt;br&gt;然后输入问题并按 &lt;b&gt;Ctrl+Enter&lt;/b&gt;。&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Conversation</source>
            <translation>对话</translation>
        </message>
        <message>
            <source>Jump to latest ↓</source>
            <translation>跳到最新 ↓</translation>
        </message>
        <message>
            <source>Jump to the latest answer</source>
            <translation>跳到最新的回答</translation>
        </message>
        <message>
            <source>Scroll to the end of the conversation and keep following it</source>
            <translation>滚动到对话末尾并持续跟随</translation>
        </message>
        <message>
            <source>token usage not reported by the service</source>
            <translation>服务未报告 Token 用量</translation>
        </message>
        <message>
            <source>{prompt} prompt · {completion} completion · {total} total tokens</source>
            <translation>输入 {prompt} · 输出 {completion} · 共 {total} Token</translation>
        </message>
        <message>
            <source>{seconds} s</source>
            <translation>{seconds} 秒</translation>
        </message>
    </context>
    <context>
        <name>FieldsEditor</name>
        <message>
            <source>Add field</source>
            <translation>添加字段</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Fields to extract</source>
            <translation>要提取的字段</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Remove field</source>
            <translation>删除字段</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>类型</translation>
        </message>
    </context>
    <context>
        <name>FlightLine</name>
        <message>
            <source>%1 KB</source>
            <translation>%1 KB</translation>
        </message>
        <message>
            <source>%1 MB</source>
            <translation>%1 MB</translation>
        </message>
        <message>
            <source>%1 MP</source>
            <translation>%1 百万像素</translation>
        </message>
        <message>
            <source>%1 bytes</source>
            <translation>%1 字节</translation>
        </message>
        <message>
            <source>%1 images</source>
            <translation>%1 张图片</translation>
        </message>
        <message>
            <source>%1 upload</source>
            <translation>上传 %1</translation>
        </message>
        <message>
            <source>+%1 earlier images</source>
            <translation>另有之前的 %1 张图片</translation>
        </message>
        <message>
            <source>+1 earlier image</source>
            <translation>另有之前的 1 张图片</translation>
        </message>
        <message>
            <source>1 image</source>
            <translation>1 张图片</translation>
        </message>
        <message>
            <source>Before sending</source>
            <translation>发送前</translation>
        </message>
        <message>
            <source>Estimated prompt: about %1 tokens of text and %2 tokens of images.</source>
            <translation>预计输入：约 %1 个文字 Token 和 %2 个图片 Token。</translation>
        </message>
        <message>
            <source>Problem before sending</source>
            <translation>发送前发现问题</translation>
        </message>
        <message>
            <source>The cost shown is for the question; the answer costs extra.</source>
            <translation>显示的费用仅针对问题；回答另外计费。</translation>
        </message>
        <message>
            <source>What will be sent</source>
            <translation>将要发送的内容</translation>
        </message>
        <message>
            <source>≈ %1</source>
            <translation>≈ %1</translation>
        </message>
        <message>
            <source>≈ %1 tokens</source>
            <translation>≈ %1 Token</translation>
        </message>
    </context>
    <context>
        <name>HistoryPresenter</name>
        <message>
            <source>All history was deleted.</source>
            <translation>所有历史记录已删除。</translation>
        </message>
        <message>
            <source>Answers are still shown. This notice goes away once saving works again.</source>
            <translation>回答仍会显示。保存恢复正常后，此提示会消失。</translation>
        </message>
        <message>
            <source>Ask a question first: there is nothing to export yet.</source>
            <translation>请先提一个问题：目前还没有可导出的内容。</translation>
        </message>
        <message>
            <source>Conversation deleted.</source>
            <translation>对话已删除。</translation>
        </message>
        <message>
            <source>Delete all</source>
            <translation>全部删除</translation>
        </message>
        <message>
            <source>Delete all history</source>
            <translation>删除所有历史记录</translation>
        </message>
        <message>
            <source>Delete every saved conversation and its images? This cannot be undone.</source>
            <translation>要删除所有已保存的对话及其图片吗？此操作无法撤销。</translation>
        </message>
        <message>
            <source>Export all conversations</source>
            <translation>导出所有对话</translation>
        </message>
        <message>
            <source>Export as Markdown: choose a folder</source>
            <translation>导出为 Markdown：选择文件夹</translation>
        </message>
        <message>
            <source>Export conversation</source>
            <translation>导出对话</translation>
        </message>
        <message>
            <source>Exported to {path}</source>
            <translation>已导出到 {path}</translation>
        </message>
        <message>
            <source>History set aside</source>
            <translation>历史记录已另存</translation>
        </message>
        <message>
            <source>Replace the history with this backup? (The current history is backed up first.)</source>
            <translation>要用此备份替换历史记录吗？（会先备份当前的历史记录。）</translation>
        </message>
        <message>
            <source>Restore from backup</source>
            <translation>从备份恢复</translation>
        </message>
        <message>
            <source>Restore the latest backup</source>
            <translation>恢复最近的备份</translation>
        </message>
        <message>
            <source>The conversation history was damaged, so it was set aside and a new one was started. The damaged file is kept as {path}.</source>
            <translation>对话历史记录已损坏，因此已将其另存并新建了历史记录。损坏的文件保存为 {path}。</translation>
        </message>
        <message>
            <source>The history was restored from the backup.</source>
            <translation>已从备份恢复历史记录。</translation>
        </message>
        <message>
            <source>There is no backup to restore.</source>
            <translation>没有可恢复的备份。</translation>
        </message>
        <message>
            <source>There is no backup yet.</source>
            <translation>还没有备份。</translation>
        </message>
        <message>
            <source>This answer was interrupted (the connection or the app stopped); what arrived is kept.</source>
            <translation>此回答被中断（连接断开或应用已停止）；已收到的内容会保留。</translation>
        </message>
        <message>
            <source>This question failed.</source>
            <translation>此问题发送失败。</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Undo delete</source>
            <translation>撤销删除</translation>
        </message>
        <message>
            <source>You can restore the latest backup, from {when} (what was saved after it is not in it).</source>
            <translation>您可以恢复最近的备份（{when}）；此后保存的内容不在备份中。</translation>
        </message>
        <message>
            <source>Your conversations are not being saved: {reason}</source>
            <translation>您的对话未被保存：{reason}</translation>
        </message>
        <message>
            <source>Your unsent question was restored.</source>
            <translation>已恢复您未发送的问题。</translation>
        </message>
        <message>
            <source>another program is holding the history locked.</source>
            <translation>另一个程序锁定了历史记录。</translation>
        </message>
        <message>
            <source>the disk is full.</source>
            <translation>磁盘已满。</translation>
        </message>
        <message>
            <source>the disk refused to write (it may be full or failing).</source>
            <translation>磁盘拒绝写入（可能已满或出现故障）。</translation>
        </message>
        <message>
            <source>the history file cannot be opened or written.</source>
            <translation>无法打开或写入历史记录文件。</translation>
        </message>
        <message>
            <source>the history folder cannot be written to (it is read-only).</source>
            <translation>无法写入历史记录文件夹（它是只读的）。</translation>
        </message>
    </context>
    <context>
        <name>HistorySidebar</name>
        <message>
            <source>Conversations</source>
            <translation>对话</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Export as</source>
            <translation>导出为</translation>
        </message>
        <message>
            <source>Markdown…</source>
            <translation>Markdown…</translation>
        </message>
        <message>
            <source>Nothing found for “{query}”.</source>
            <translation>没有找到与“{query}”相关的内容。</translation>
        </message>
        <message>
            <source>Previous 30 days</source>
            <translation>最近 30 天</translation>
        </message>
        <message>
            <source>Previous 7 days</source>
            <translation>最近 7 天</translation>
        </message>
        <message>
            <source>Rename…</source>
            <translation>重命名…</translation>
        </message>
        <message>
            <source>Search conversations</source>
            <translation>搜索对话</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>今天</translation>
        </message>
        <message>
            <source>Untitled</source>
            <translation>未命名</translation>
        </message>
        <message>
            <source>Web page (HTML)…</source>
            <translation>网页 (HTML)…</translation>
        </message>
        <message>
            <source>Yesterday</source>
            <translation>昨天</translation>
        </message>
        <message>
            <source>Your conversations will appear here.</source>
            <translation>您的对话将显示在这里。</translation>
        </message>
        <message>
            <source>{month} {year}</source>
            <translation>{year}年{month}</translation>
        </message>
        <message>
            <source>{n} question(s)</source>
            <translation>{n} 个问题</translation>
        </message>
    </context>
    <context>
        <name>ImageCard</name>
        <message>
            <source>Cut this tall or wide picture into tiles so that its text stays readable</source>
            <translation>将这张长图或宽图切分成小块，使其中的文字保持清晰可读</translation>
        </message>
        <message>
            <source>Don't split into tiles</source>
            <translation>不切分</translation>
        </message>
        <message>
            <source>Not split</source>
            <translation>未切分</translation>
        </message>
        <message>
            <source>Preparing…</source>
            <translation>正在准备…</translation>
        </message>
        <message>
            <source>Remove image {name}</source>
            <translation>移除图片 {name}</translation>
        </message>
        <message>
            <source>Remove this image</source>
            <translation>移除这张图片</translation>
        </message>
        <message>
            <source>Send this picture whole, made smaller to fit</source>
            <translation>整张发送，缩小到合适的尺寸</translation>
        </message>
        <message>
            <source>Sent whole, not split into tiles. Click to split it.</source>
            <translation>整张发送，未切分。点击可切分。</translation>
        </message>
        <message>
            <source>Split into tiles</source>
            <translation>切分成小块</translation>
        </message>
        <message>
            <source>This tall or wide picture is sent as {count} tiles so that its text stays readable. Click to send it whole instead.</source>
            <translation>这张长图或宽图将切分成 {count} 块发送，使其中的文字保持清晰可读。点击可改为整张发送。</translation>
        </message>
        <message>
            <source>{count} tiles</source>
            <translation>{count} 块</translation>
        </message>
        <message>
            <source>{count} tiles of {w}×{h}</source>
            <translation>{count} 块，每块 {w}×{h}</translation>
        </message>
        <message>
            <source>{name} is not split into tiles</source>
            <translation>{name} 未切分</translation>
        </message>
        <message>
            <source>{name} is split into {count} tiles</source>
            <translation>{name} 已切分成 {count} 块</translation>
        </message>
        <message>
            <source>{name}, preparing</source>
            <translation>{name}，正在准备</translation>
        </message>
        <message>
            <source>{name}, {info}</source>
            <translation>{name}，{info}</translation>
        </message>
        <message>
            <source>{name}: {problem}</source>
            <translation>{name}：{problem}</translation>
        </message>
        <message>
            <source>{w}×{h} · ≈{tokens} tokens</source>
            <translation>{w}×{h} · ≈{tokens} Token</translation>
        </message>
        <message>
            <source>≈{tokens} tokens</source>
            <translation>≈{tokens} Token</translation>
        </message>
    </context>
    <context>
        <name>ImageTray</name>
        <message>
            <source>Images to send</source>
            <translation>要发送的图片</translation>
        </message>
    </context>
    <context>
        <name>ImageViewer</name>
        <message>
            <source>+</source>
            <translation>+</translation>
        </message>
        <message>
            <source>Fit</source>
            <translation>适应窗口</translation>
        </message>
        <message>
            <source>Fit to the window</source>
            <translation>适应窗口大小</translation>
        </message>
        <message>
            <source>Next picture</source>
            <translation>下一张图片</translation>
        </message>
        <message>
            <source>Next ▶</source>
            <translation>下一张 ▶</translation>
        </message>
        <message>
            <source>No picture to show</source>
            <translation>没有可显示的图片</translation>
        </message>
        <message>
            <source>Previous picture</source>
            <translation>上一张图片</translation>
        </message>
        <message>
            <source>Zoom in</source>
            <translation>放大</translation>
        </message>
        <message>
            <source>Zoom out</source>
            <translation>缩小</translation>
        </message>
        <message>
            <source>{name} (loading…)</source>
            <translation>{name}（正在加载…）</translation>
        </message>
        <message>
            <source>{name} ({number} of {count})</source>
            <translation>{name}（第 {number} 张，共 {count} 张）</translation>
        </message>
        <message>
            <source>{name}: {reason}</source>
            <translation>{name}：{reason}</translation>
        </message>
        <message>
            <source>−</source>
            <translation>−</translation>
        </message>
        <message>
            <source>◀ Previous</source>
            <translation>◀ 上一张</translation>
        </message>
    </context>
    <context>
        <name>KeyboardActions</name>
        <message>
            <source>&amp;Copy the latest answer</source>
            <translation>复制最新的回答(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>键盘快捷键(&amp;K)</translation>
        </message>
        <message>
            <source>&amp;Search conversations</source>
            <translation>搜索对话(&amp;S)</translation>
        </message>
        <message>
            <source>Go to the &amp;question box</source>
            <translation>转到问题输入框(&amp;Q)</translation>
        </message>
        <message>
            <source>Next part of the window</source>
            <translation>窗口的下一个区域</translation>
        </message>
        <message>
            <source>Previous part of the window</source>
            <translation>窗口的上一个区域</translation>
        </message>
        <message>
            <source>There is no answer to copy yet.</source>
            <translation>还没有可复制的回答。</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>&amp;About Vision Desktop</source>
            <translation>关于 Vision Desktop(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Add images…</source>
            <translation>添加图片(&amp;A)…</translation>
        </message>
        <message>
            <source>&amp;Delete all history…</source>
            <translation>删除所有历史记录(&amp;D)…</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Export conversation</source>
            <translation>导出对话(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;New conversation</source>
            <translation>新对话(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Paste image</source>
            <translation>粘贴图片(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Restore history from backup…</source>
            <translation>从备份恢复历史记录(&amp;R)…</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>设置(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Usage and costs…</source>
            <translation>用量和费用(&amp;U)…</translation>
        </message>
        <message>
            <source>As &amp;JSON…</source>
            <translation>JSON 格式(&amp;J)…</translation>
        </message>
        <message>
            <source>As &amp;Markdown…</source>
            <translation>Markdown 格式(&amp;M)…</translation>
        </message>
        <message>
            <source>As a &amp;web page (HTML)…</source>
            <translation>网页格式 (HTML)(&amp;W)…</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Conversation token usage</source>
            <translation>本次对话的 Token 用量</translation>
        </message>
        <message>
            <source>Ctrl+,</source>
            <translation>Ctrl+,</translation>
        </message>
        <message>
            <source>Export &amp;all conversations…</source>
            <translation>导出所有对话(&amp;A)…</translation>
        </message>
        <message>
            <source>New &amp;batch…</source>
            <translation>新建批量处理(&amp;B)…</translation>
        </message>
        <message>
            <source>New conversation</source>
            <translation>新对话</translation>
        </message>
        <message>
            <source>No tokens used yet</source>
            <translation>尚未使用 Token</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>发送</translation>
        </message>
        <message>
            <source>Send anyway</source>
            <translation>仍然发送</translation>
        </message>
        <message>
            <source>Start afresh (Ctrl+N)</source>
            <translation>重新开始 (Ctrl+N)</translation>
        </message>
        <message>
            <source>The base URL {url} is not encrypted (http://). Your API key and your images would travel over the network in the clear. Send anyway?</source>
            <translation>接口地址 {url} 未加密 (http://)。您的 API 密钥和图片将以明文在网络上传输。仍然发送吗？</translation>
        </message>
        <message>
            <source>This question cannot be sent as it is: see the warning.</source>
            <translation>这个问题目前无法发送：请查看提示。</translation>
        </message>
        <message>
            <source>Type a question or add an image first.</source>
            <translation>请先输入问题或添加图片。</translation>
        </message>
        <message>
            <source>Unencrypted connection</source>
            <translation>未加密的连接</translation>
        </message>
        <message>
            <source>Vision Desktop</source>
            <translation>Vision Desktop</translation>
        </message>
        <message>
            <source>Wait for the answer, or press Cancel.</source>
            <translation>请等待回答，或按“取消”。</translation>
        </message>
        <message>
            <source>{title} — Vision Desktop</source>
            <translation>{title} — Vision Desktop</translation>
        </message>
    </context>
    <context>
        <name>ParameterBar</name>
        <message>
            <source>&amp;Model:</source>
            <translation>模型(&amp;M)：</translation>
        </message>
        <message>
            <source>&amp;Provider:</source>
            <translation>服务商(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Temperature:</source>
            <translation>温度(&amp;T)：</translation>
        </message>
        <message>
            <source>Lower is more focused, higher is more varied (0 to 2)</source>
            <translation>越低越专注，越高越多样（0 到 2）</translation>
        </message>
        <message>
            <source>Max t&amp;okens:</source>
            <translation>最大 Token 数(&amp;O)：</translation>
        </message>
        <message>
            <source>Maximum answer length in tokens</source>
            <translation>回答的最大长度（Token 数）</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>参数</translation>
        </message>
        <message>
            <source>Pick a model or type its name</source>
            <translation>选择模型或输入模型名称</translation>
        </message>
        <message>
            <source>Provider</source>
            <translation>服务商</translation>
        </message>
        <message>
            <source>Providers, keys and defaults (Ctrl+,)</source>
            <translation>服务商、密钥和默认值 (Ctrl+,)</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Settings…</source>
            <translation>设置…</translation>
        </message>
        <message>
            <source>Temperature</source>
            <translation>温度</translation>
        </message>
        <message>
            <source>The longest answer the model may write, in tokens</source>
            <translation>模型可以写出的最长回答（Token 数）</translation>
        </message>
    </context>
    <context>
        <name>PdfPagesDialog</name>
        <message>
            <source> pages</source>
            <translation> 页</translation>
        </message>
        <message>
            <source>Add pages</source>
            <translation>添加页面</translation>
        </message>
        <message>
            <source>Add pages of a PDF</source>
            <translation>添加 PDF 的页面</translation>
        </message>
        <message>
            <source>All pages ({count})</source>
            <translation>全部页面（{count} 页）</translation>
        </message>
        <message>
            <source>First</source>
            <translation>前</translation>
        </message>
        <message>
            <source>Number of pages from the start</source>
            <translation>从第一页起的页数</translation>
        </message>
        <message>
            <source>Pages are counted from 1.</source>
            <translation>页码从 1 开始。</translation>
        </message>
        <message>
            <source>Pages to add</source>
            <translation>要添加的页面</translation>
        </message>
        <message>
            <source>Pages:</source>
            <translation>页面：</translation>
        </message>
        <message>
            <source>That is {count} pages; at most {limit} pages can be added to one question.</source>
            <translation>共 {count} 页；一个问题最多只能添加 {limit} 页。</translation>
        </message>
        <message>
            <source>The first {limit} pages (the most one question can carry)</source>
            <translation>前 {limit} 页（一个问题最多能带的页数）</translation>
        </message>
        <message>
            <source>There is no page {page}: the document has {count} pages.</source>
            <translation>没有第 {page} 页：此文档共 {count} 页。</translation>
        </message>
        <message>
            <source>Type the pages to add, for example 1-3, 7.</source>
            <translation>请输入要添加的页面，例如 1-3, 7。</translation>
        </message>
        <message>
            <source>for example 1-3, 7</source>
            <translation>例如 1-3, 7</translation>
        </message>
        <message>
            <source>“{name}” has 1 page.</source>
            <translation>“{name}”共 1 页。</translation>
        </message>
        <message>
            <source>“{name}” has {count} pages. Which pages should be added as images?</source>
            <translation>“{name}”共 {count} 页。要将哪些页面作为图片添加？</translation>
        </message>
        <message>
            <source>“{part}” is not a page number or a range. Type pages like 1-3, 7.</source>
            <translation>“{part}”不是页码或页码范围。请按 1-3, 7 这样的格式输入页面。</translation>
        </message>
    </context>
    <context>
        <name>PromptEdit</name>
        <message>
            <source>Ask about your images…  (Ctrl+Enter to send)</source>
            <translation>就您的图片提问…  （按 Ctrl+Enter 发送）</translation>
        </message>
        <message>
            <source>Question</source>
            <translation>问题</translation>
        </message>
        <message>
            <source>Type your question; press Ctrl+Enter to send it.</source>
            <translation>输入您的问题；按 Ctrl+Enter 发送。</translation>
        </message>
    </context>
    <context>
        <name>SaveNotice</name>
        <message>
            <source>The history is not being saved</source>
            <translation>历史记录未被保存</translation>
        </message>
    </context>
    <context>
        <name>SessionPresenter</name>
        <message>
            <source>Answer from {model}.</source>
            <translation>来自 {model} 的回答。</translation>
        </message>
        <message>
            <source>Conversation: {total} tokens ({prompt} prompt · {completion} completion)</source>
            <translation>本次对话：共 {total} Token（输入 {prompt} · 输出 {completion}）</translation>
        </message>
        <message>
            <source>No tokens used yet</source>
            <translation>尚未使用 Token</translation>
        </message>
        <message>
            <source>Your question is back in the box below.</source>
            <translation>您的问题已放回下方的输入框。</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source> %</source>
            <translation> %</translation>
        </message>
        <message>
            <source> days</source>
            <translation> 天</translation>
        </message>
        <message>
            <source> s</source>
            <translation> 秒</translation>
        </message>
        <message>
            <source>&amp;Delete conversations older than:</source>
            <translation>删除早于此天数的对话(&amp;D)：</translation>
        </message>
        <message>
            <source>&amp;Model:</source>
            <translation>模型(&amp;M)：</translation>
        </message>
        <message>
            <source>&amp;Temperature:</source>
            <translation>温度(&amp;T)：</translation>
        </message>
        <message>
            <source>A long screenshot is sent as several pieces so its text stays readable (each image can opt out)</source>
            <translation>长截图会分成几块发送，使其中的文字保持清晰可读（每张图片都可以单独取消）</translation>
        </message>
        <message>
            <source>Also Ctrl+plus, Ctrl+minus and Ctrl+0 in the window</source>
            <translation>在窗口中也可以按 Ctrl+加号、Ctrl+减号和 Ctrl+0</translation>
        </message>
        <message>
            <source>App&amp;earance:</source>
            <translation>外观(&amp;E)：</translation>
        </message>
        <message>
            <source>Appearance</source>
            <translation>外观</translation>
        </message>
        <message>
            <source>Automatic: {profile}</source>
            <translation>自动：{profile}</translation>
        </message>
        <message>
            <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
            <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Choose a certificate file</source>
            <translation>选择证书文件</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>选择…</translation>
        </message>
        <message>
            <source>Costs</source>
            <translation>费用</translation>
        </message>
        <message>
            <source>Currenc&amp;y:</source>
            <translation>货币(&amp;Y)：</translation>
        </message>
        <message>
            <source>Currency of the prices and the budget</source>
            <translation>价格和预算使用的货币</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>深色</translation>
        </message>
        <message>
            <source>Default model</source>
            <translation>默认模型</translation>
        </message>
        <message>
            <source>Defaults</source>
            <translation>默认值</translation>
        </message>
        <message>
            <source>Delete conversations older than this many days</source>
            <translation>删除早于此天数的对话</translation>
        </message>
        <message>
            <source>Di&amp;splay language:</source>
            <translation>显示语言(&amp;S)：</translation>
        </message>
        <message>
            <source>Display language</source>
            <translation>显示语言</translation>
        </message>
        <message>
            <source>Extra certi&amp;ficate:</source>
            <translation>额外证书(&amp;F)：</translation>
        </message>
        <message>
            <source>Extra certificate file</source>
            <translation>额外证书文件</translation>
        </message>
        <message>
            <source>Follow the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>History</source>
            <translation>历史记录</translation>
        </message>
        <message>
            <source>How large the images sent to this model are made; choose one for a model the app does not know</source>
            <translation>发送给此模型的图片会被调整到多大；如果应用不认识这个模型，请选择一项</translation>
        </message>
        <message>
            <source>Image profi&amp;le:</source>
            <translation>图片配置(&amp;L)：</translation>
        </message>
        <message>
            <source>Image profile of the model</source>
            <translation>模型的图片配置</translation>
        </message>
        <message>
            <source>Images</source>
            <translation>图片</translation>
        </message>
        <message>
            <source>Input p&amp;rice:</source>
            <translation>输入价格(&amp;R)：</translation>
        </message>
        <message>
            <source>Keep all conversations</source>
            <translation>保留所有对话</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>浅色</translation>
        </message>
        <message>
            <source>Max t&amp;okens:</source>
            <translation>最大 Token 数(&amp;O)：</translation>
        </message>
        <message>
            <source>Maximum answer length in tokens</source>
            <translation>回答的最大长度（Token 数）</translation>
        </message>
        <message>
            <source>Mont&amp;hly budget:</source>
            <translation>每月预算(&amp;H)：</translation>
        </message>
        <message>
            <source>Monthly budget</source>
            <translation>每月预算</translation>
        </message>
        <message>
            <source>No budget</source>
            <translation>不设预算</translation>
        </message>
        <message>
            <source>None (the system's certificates are always used)</source>
            <translation>无（始终使用系统的证书）</translation>
        </message>
        <message>
            <source>O&amp;utput price:</source>
            <translation>输出价格(&amp;U)：</translation>
        </message>
        <message>
            <source>Office network</source>
            <translation>办公网络</translation>
        </message>
        <message>
            <source>PDF pa&amp;ges added by default:</source>
            <translation>默认添加的 PDF 页数(&amp;G)：</translation>
        </message>
        <message>
            <source>Pages of a dropped PDF added by default</source>
            <translation>拖入 PDF 时默认添加的页数</translation>
        </message>
        <message>
            <source>Price of a million answer tokens</source>
            <translation>每百万输出 Token 的价格</translation>
        </message>
        <message>
            <source>Price of a million prompt tokens</source>
            <translation>每百万输入 Token 的价格</translation>
        </message>
        <message>
            <source>Prices for {model}, per million tokens, in {currency}: none is known. Enter what your service charges to see what each answer costs.</source>
            <translation>{model} 的价格（每百万 Token，以 {currency} 计）：未知。请输入您的服务商收取的价格，以查看每个回答的费用。</translation>
        </message>
        <message>
            <source>Prices for {model}, per million tokens, in {currency}: the list price. Relays often charge differently: enter what yours charges.</source>
            <translation>{model} 的价格（每百万 Token，以 {currency} 计）：官方标价。中转服务的收费常常不同，请输入您的服务实际收取的价格。</translation>
        </message>
        <message>
            <source>Prices for {model}, per million tokens, in {currency}: yours.</source>
            <translation>{model} 的价格（每百万 Token，以 {currency} 计）：您输入的价格。</translation>
        </message>
        <message>
            <source>Prices for {model}, per million tokens: the list price in US dollars is shown. Enter what your service charges in {currency} to see what each answer costs.</source>
            <translation>{model} 的价格（每百万 Token）：显示的是以美元计的官方标价。请输入您的服务以 {currency} 收取的价格，以查看每个回答的费用。</translation>
        </message>
        <message>
            <source>Pro&amp;xy:</source>
            <translation>代理(&amp;X)：</translation>
        </message>
        <message>
            <source>Provider profiles</source>
            <translation>服务商配置</translation>
        </message>
        <message>
            <source>Proxy</source>
            <translation>代理</translation>
        </message>
        <message>
            <source>Request t&amp;imeout:</source>
            <translation>请求超时(&amp;I)：</translation>
        </message>
        <message>
            <source>Request timeout in seconds</source>
            <translation>请求超时（秒）</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Split tall or &amp;wide images into tiles</source>
            <translation>将长图或宽图切分成小块(&amp;W)</translation>
        </message>
        <message>
            <source>Temperature</source>
            <translation>温度</translation>
        </message>
        <message>
            <source>Text si&amp;ze:</source>
            <translation>文字大小(&amp;Z)：</translation>
        </message>
        <message>
            <source>Text size in percent of the system's</source>
            <translation>文字大小（相对于系统设置的百分比）</translation>
        </message>
        <message>
            <source>The currency your service bills in; list prices are in US dollars</source>
            <translation>您的服务计费所用的货币；官方标价以美元计</translation>
        </message>
        <message>
            <source>Use the system setting</source>
            <translation>使用系统设置</translation>
        </message>
        <message>
            <source>Used from the next start of Vision Desktop</source>
            <translation>下次启动 Vision Desktop 时生效</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>窗口</translation>
        </message>
        <message>
            <source>You are warned before a question would take this month's costs past it</source>
            <translation>当某个问题会使本月费用超出预算时，会先提醒您</translation>
        </message>
    </context>
    <context>
        <name>SettingsPresenter</name>
        <message>
            <source>No system keyring is available: the {name} key is kept for this session only.</source>
            <translation>没有可用的系统凭据库：{name} 的密钥仅在本次运行期间保留。</translation>
        </message>
        <message>
            <source>Settings could not be saved: {reason}</source>
            <translation>无法保存设置：{reason}</translation>
        </message>
        <message>
            <source>The {name} key is stored in the system keyring.</source>
            <translation>{name} 的密钥已保存在系统凭据库中。</translation>
        </message>
    </context>
    <context>
        <name>SetupDialog</name>
        <message>
            <source>&amp;Save and start</source>
            <translation>保存并开始(&amp;S)</translation>
        </message>
        <message>
            <source>&lt;b&gt;Connect to your AI provider.&lt;/b&gt;&lt;br&gt;Choose the provider you have an account with and paste the API key from its website. The key is kept in your system's keyring, never in a file.</source>
            <translation>&lt;b&gt;连接到您的 AI 服务商。&lt;/b&gt;&lt;br&gt;选择您已开通账户的服务商，并粘贴从其网站获取的 API 密钥。密钥保存在系统凭据库中，绝不会写入文件。</translation>
        </message>
        <message>
            <source>Paste your API key first. You find it on your provider's website.</source>
            <translation>请先粘贴您的 API 密钥。您可以在服务商的网站上找到它。</translation>
        </message>
        <message>
            <source>Paste your API key first. “Where do I get a key?” opens the page that gives it.</source>
            <translation>请先粘贴您的 API 密钥。点击“如何获取密钥？”可打开提供密钥的页面。</translation>
        </message>
        <message>
            <source>Welcome to Vision Desktop</source>
            <translation>欢迎使用 Vision Desktop</translation>
        </message>
    </context>
    <context>
        <name>ShortcutsDialog</name>
        <message>
            <source> or </source>
            <translation> 或 </translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Choose a conversation</source>
            <translation>选择对话</translation>
        </message>
        <message>
            <source>Close a dialog without saving</source>
            <translation>关闭对话框，不保存</translation>
        </message>
        <message>
            <source>Close the viewer</source>
            <translation>关闭查看器</translation>
        </message>
        <message>
            <source>Controls</source>
            <translation>控件</translation>
        </message>
        <message>
            <source>Conversation list</source>
            <translation>对话列表</translation>
        </message>
        <message>
            <source>Delete the chosen conversation</source>
            <translation>删除选中的对话</translation>
        </message>
        <message>
            <source>Every action of the window can be reached with these keys.</source>
            <translation>窗口中的每个操作都可以用这些按键完成。</translation>
        </message>
        <message>
            <source>Image viewer</source>
            <translation>图片查看器</translation>
        </message>
        <message>
            <source>In the window</source>
            <translation>窗口中</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>键盘快捷键</translation>
        </message>
        <message>
            <source>Keys</source>
            <translation>按键</translation>
        </message>
        <message>
            <source>Next or previous control</source>
            <translation>下一个或上一个控件</translation>
        </message>
        <message>
            <source>Open the chosen conversation</source>
            <translation>打开选中的对话</translation>
        </message>
        <message>
            <source>Open the focused image large</source>
            <translation>放大显示当前选中的图片</translation>
        </message>
        <message>
            <source>Press the focused button, tick the focused box</source>
            <translation>按下当前按钮，勾选当前复选框</translation>
        </message>
        <message>
            <source>Previous or next image</source>
            <translation>上一张或下一张图片</translation>
        </message>
        <message>
            <source>Rename or export it (its menu)</source>
            <translation>重命名或导出（通过其菜单）</translation>
        </message>
        <message>
            <source>Zoom in, zoom out, fit to the window</source>
            <translation>放大、缩小、适应窗口</translation>
        </message>
    </context>
    <context>
        <name>TurnWidget</name>
        <message>
            <source>(The model returned an empty answer.)</source>
            <translation>（模型返回了空回答。）</translation>
        </message>
        <message>
            <source>All files (*)</source>
            <translation>所有文件 (*)</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>回答</translation>
        </message>
        <message>
            <source>Ask the same question again for a new answer</source>
            <translation>再问一次同样的问题，获取新的回答</translation>
        </message>
        <message>
            <source>Assistant</source>
            <translation>助手</translation>
        </message>
        <message>
            <source>Copied</source>
            <translation>已复制</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>复制</translation>
        </message>
        <message>
            <source>Copy answer</source>
            <translation>复制回答</translation>
        </message>
        <message>
            <source>Copy as Markdown</source>
            <translation>复制为 Markdown</translation>
        </message>
        <message>
            <source>Copy text</source>
            <translation>复制文本</translation>
        </message>
        <message>
            <source>Copy the answer as text; the arrow also offers it as Markdown (with its formatting marks)</source>
            <translation>以文本形式复制回答；点击箭头也可以复制为 Markdown（保留格式标记）</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>详细信息</translation>
        </message>
        <message>
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <source>Edit the question</source>
            <translation>编辑问题</translation>
        </message>
        <message>
            <source>Error: {message}</source>
            <translation>错误：{message}</translation>
        </message>
        <message>
            <source>Image {name}</source>
            <translation>图片 {name}</translation>
        </message>
        <message>
            <source>Incomplete answer</source>
            <translation>回答不完整</translation>
        </message>
        <message>
            <source>Markdown (*.md)</source>
            <translation>Markdown (*.md)</translation>
        </message>
        <message>
            <source>Not sent</source>
            <translation>未发送</translation>
        </message>
        <message>
            <source>Open Settings</source>
            <translation>打开设置</translation>
        </message>
        <message>
            <source>Open Settings to enter the API key</source>
            <translation>打开设置以输入 API 密钥</translation>
        </message>
        <message>
            <source>Press Enter or click to see it large</source>
            <translation>按 Enter 或点击可查看大图</translation>
        </message>
        <message>
            <source>Put the question back in the box</source>
            <translation>将问题放回输入框</translation>
        </message>
        <message>
            <source>Put this question back in the box to change it; sending it again replaces this turn</source>
            <translation>将此问题放回输入框以便修改；再次发送后会替换这一轮对话</translation>
        </message>
        <message>
            <source>Regenerate</source>
            <translation>重新生成</translation>
        </message>
        <message>
            <source>Regenerate the answer</source>
            <translation>重新生成回答</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>Retry the question</source>
            <translation>重试这个问题</translation>
        </message>
        <message>
            <source>Save the whole answer</source>
            <translation>保存完整回答</translation>
        </message>
        <message>
            <source>Save the whole answer (as Markdown) to a file</source>
            <translation>将完整回答保存到文件（Markdown 格式）</translation>
        </message>
        <message>
            <source>Save the whole answer…</source>
            <translation>保存完整回答…</translation>
        </message>
        <message>
            <source>Saving the whole answer to {path}…</source>
            <translation>正在将完整回答保存到 {path}…</translation>
        </message>
        <message>
            <source>Send the same question and images again, in place of this try</source>
            <translation>重新发送同样的问题和图片，替换这次的结果</translation>
        </message>
        <message>
            <source>Sending…</source>
            <translation>正在发送…</translation>
        </message>
        <message>
            <source>Shown as plain text: this answer is too large to format quickly.</source>
            <translation>以纯文本显示：此回答太大，无法快速排版。</translation>
        </message>
        <message>
            <source>Stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <source>Text (*.txt)</source>
            <translation>文本 (*.txt)</translation>
        </message>
        <message>
            <source>The answer could not be saved: {reason}</source>
            <translation>无法保存回答：{reason}</translation>
        </message>
        <message>
            <source>The model asked to run a tool; this app does not run tools.</source>
            <translation>模型请求运行工具；本应用不运行工具。</translation>
        </message>
        <message>
            <source>The provider's filter stopped the answer.</source>
            <translation>服务商的内容过滤器中止了回答。</translation>
        </message>
        <message>
            <source>The token limit was reached before the model wrote any answer.</source>
            <translation>模型还没写出任何回答就达到了 Token 上限。</translation>
        </message>
        <message>
            <source>The whole answer was saved to {path}.</source>
            <translation>完整回答已保存到 {path}。</translation>
        </message>
        <message>
            <source>This answer is too long to show whole: its first {shown} of {total} characters are shown, as plain text. Copy and Save take all of it.</source>
            <translation>此回答太长，无法完整显示：以纯文本显示了前 {shown} 个字符（共 {total} 个）。“复制”和“保存”会包含全部内容。</translation>
        </message>
        <message>
            <source>Usage: {usage}</source>
            <translation>用量：{usage}</translation>
        </message>
        <message>
            <source>You</source>
            <translation>您</translation>
        </message>
        <message>
            <source>You stopped this answer; what had arrived is kept.</source>
            <translation>您停止了这个回答；已收到的内容会保留。</translation>
        </message>
        <message>
            <source>You stopped this request.</source>
            <translation>您停止了这个请求。</translation>
        </message>
        <message>
            <source>answer.md</source>
            <translation>回答.md</translation>
        </message>
        <message>
            <source>cut off at the token limit</source>
            <translation>因达到 Token 上限而被截断</translation>
        </message>
        <message>
            <source>the answer may be incomplete: the stream ended early</source>
            <translation>回答可能不完整：数据流提前结束</translation>
        </message>
        <message>
            <source>{name}: click to see it large</source>
            <translation>{name}：点击查看大图</translation>
        </message>
        <message>
            <source>…the rest is still arriving ({count} characters so far).</source>
            <translation>…其余内容仍在接收中（目前已收到 {count} 个字符）。</translation>
        </message>
    </context>
    <context>
        <name>UsageWindow</name>
        <message>
            <source>&amp;Export CSV…</source>
            <translation>导出 CSV(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <source>({count} unknown)</source>
            <translation>（{count} 个未知）</translation>
        </message>
        <message>
            <source>All time</source>
            <translation>全部时间</translation>
        </message>
        <message>
            <source>Answer tokens</source>
            <translation>回答 Token</translation>
        </message>
        <message>
            <source>Answers</source>
            <translation>回答数</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <source>Completion tokens</source>
            <translation>输出 Token</translation>
        </message>
        <message>
            <source>Conversation</source>
            <translation>对话</translation>
        </message>
        <message>
            <source>Cost</source>
            <translation>费用</translation>
        </message>
        <message>
            <source>Cost per day, last {days} days</source>
            <translation>每日费用（最近 {days} 天）</translation>
        </message>
        <message>
            <source>Cost unknown</source>
            <translation>费用未知</translation>
        </message>
        <message>
            <source>Currency</source>
            <translation>货币</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Export usage as CSV</source>
            <translation>将用量导出为 CSV</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月份</translation>
        </message>
        <message>
            <source>No answers in these days.</source>
            <translation>这些天内没有回答。</translation>
        </message>
        <message>
            <source>No answers.</source>
            <translation>没有回答。</translation>
        </message>
        <message>
            <source>Nothing yet</source>
            <translation>暂无数据</translation>
        </message>
        <message>
            <source>Per &amp;month</source>
            <translation>按月(&amp;M)</translation>
        </message>
        <message>
            <source>Per co&amp;nversation</source>
            <translation>按对话(&amp;N)</translation>
        </message>
        <message>
            <source>Prompt tokens</source>
            <translation>输入 Token</translation>
        </message>
        <message>
            <source>Reading the history…</source>
            <translation>正在读取历史记录…</translation>
        </message>
        <message>
            <source>Save every answer's date, model, tokens and cost for a spreadsheet</source>
            <translation>保存每个回答的日期、模型、Token 数和费用，供电子表格使用</translation>
        </message>
        <message>
            <source>Saved {count} answers to {name}.</source>
            <translation>已将 {count} 个回答保存到 {name}。</translation>
        </message>
        <message>
            <source>Saving the CSV file…</source>
            <translation>正在保存 CSV 文件…</translation>
        </message>
        <message>
            <source>The figures could not be read: {reason}</source>
            <translation>无法读取统计数据：{reason}</translation>
        </message>
        <message>
            <source>This month</source>
            <translation>本月</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>今天</translation>
        </message>
        <message>
            <source>Tokens per day, last {days} days</source>
            <translation>每日 Token（最近 {days} 天）</translation>
        </message>
        <message>
            <source>Total {total}. Most on {day}: {value}.</source>
            <translation>合计 {total}。最多的一天是 {day}：{value}。</translation>
        </message>
        <message>
            <source>Usage and costs</source>
            <translation>用量和费用</translation>
        </message>
        <message>
            <source>Usage per conversation</source>
            <translation>按对话统计的用量</translation>
        </message>
        <message>
            <source>Usage per month</source>
            <translation>按月统计的用量</translation>
        </message>
        <message>
            <source>{answers} answers · {tokens} tokens</source>
            <translation>{answers} 个回答 · {tokens} Token</translation>
        </message>
        <message>
            <source>{count} answers have no known cost: there was no price for their model, or the service did not report the tokens. Set the prices your service charges in Settings, under Costs; they count from the next answer.</source>
            <translation>有 {count} 个回答的费用未知：没有该模型的价格，或服务未报告 Token 用量。请在“设置”的“费用”中填写您的服务收取的价格；从下一个回答开始计算。</translation>
        </message>
        <message>
            <source>{count} without a known cost</source>
            <translation>{count} 个费用未知</translation>
        </message>
        <message>
            <source>{day}: {value} ({answers} answers)</source>
            <translation>{day}：{value}（{answers} 个回答）</translation>
        </message>
        <message>
            <source>{spent} of the {budget} monthly budget ({share} %)</source>
            <translation>已用 {spent}，每月预算 {budget}（{share} %）</translation>
        </message>
        <message>
            <source>{tokens} tokens</source>
            <translation>{tokens} Token</translation>
        </message>
    </context>
    <context>
        <name>ViewMenu</name>
        <message>
            <source>&amp;Appearance</source>
            <translation>外观(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Dark</source>
            <translation>深色(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Larger text</source>
            <translation>增大文字(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Light</source>
            <translation>浅色(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Normal size</source>
            <translation>正常大小(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Smaller text</source>
            <translation>减小文字(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;System</source>
            <translation>跟随系统(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
    </context>
    <context>
        <name>app</name>
        <message>
            <source>Something unexpected went wrong; your work is kept. Details are in the log.</source>
            <translation>发生了意外错误；您的内容已保留。详细信息记录在日志中。</translation>
        </message>
    </context>
    <context>
        <name>messages</name>
        <message>
            <source>No API key is set for {name}. Open Settings and paste your key.</source>
            <translation>尚未设置 {name} 的 API 密钥。请打开设置并粘贴您的密钥。</translation>
        </message>
        <message>
            <source>No API key is set. Open Settings and paste your key.</source>
            <translation>尚未设置 API 密钥。请打开设置并粘贴您的密钥。</translation>
        </message>
        <message>
            <source>Open Settings</source>
            <translation>打开设置</translation>
        </message>
        <message>
            <source>Something unexpected went wrong. Your work is kept; please try again.</source>
            <translation>发生了意外错误。您的内容已保留，请重试。</translation>
        </message>
        <message>
            <source>The system keyring could not be read, so there is no API key for {name}. Open Settings and paste your key (it can be kept for this session).</source>
            <translation>无法读取系统凭据库，因此没有 {name} 的 API 密钥。请打开设置并粘贴您的密钥（可以仅在本次运行期间保留）。</translation>
        </message>
        <message>
            <source>Vision Desktop cannot start</source>
            <translation>Vision Desktop 无法启动</translation>
        </message>
    </context>
</TS>
