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
            <translation>将为 {count}发送约 {tokens} 个 Token（此模型的价格未知）。</translation>
        </message>
        <message>
            <source>About {tokens} tokens to send for {count}, about {cost} (the answers cost extra).</source>
            <translation>将为 {count}发送约 {tokens} 个 Token，约 {cost}（回答另外计费）。</translation>
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
            <translation>已完成；{count}失败。将鼠标指向失败的行可查看原因，也可以重新运行这些行。</translation>
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
            <source>MMMM yyyy</source>
            <translation>yyyy年M月</translation>
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
            <source>d MMM yyyy</source>
            <translation>yyyy年M月d日</translation>
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
        <name>RequestWorker</name>
        <message>
            <source>Preparing 1 image…</source>
            <translation>正在准备 1 张图片…</translation>
        </message>
        <message>
            <source>Preparing {count} images…</source>
            <translation>正在准备 {count} 张图片…</translation>
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
        <message>
            <source>{first} {second}</source>
            <translation>{first}{second}</translation>
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
        <name>cli</name>
        <message>
            <source>    (image: {name}, {width}×{height}, {bytes} bytes)</source>
            <translation>    （图片：{name}，{width}×{height}，{bytes} 字节）</translation>
        </message>
        <message>
            <source> and </source>
            <translation>、</translation>
        </message>
        <message>
            <source>--concurrency must be between 1 and {maximum}</source>
            <translation>--concurrency 必须在 1 到 {maximum} 之间</translation>
        </message>
        <message>
            <source>--fields: {message}</source>
            <translation>--fields：{message}</translation>
        </message>
        <message>
            <source>--max-tokens must be between {minimum} and {maximum}</source>
            <translation>--max-tokens 必须在 {minimum} 到 {maximum} 之间</translation>
        </message>
        <message>
            <source>--out must end in .csv, .xlsx or .jsonl, not {name}</source>
            <translation>--out 的扩展名必须是 .csv、.xlsx 或 .jsonl，而不是 {name}</translation>
        </message>
        <message>
            <source>--temperature must be between {minimum} and {maximum}</source>
            <translation>--temperature 必须在 {minimum} 到 {maximum} 之间</translation>
        </message>
        <message>
            <source>--timeout must be between {minimum} and {maximum} seconds</source>
            <translation>--timeout 必须在 {minimum} 到 {maximum} 秒之间</translation>
        </message>
        <message>
            <source>0 to 2</source>
            <translation>0 到 2</translation>
        </message>
        <message>
            <source>API key (input hidden): </source>
            <translation>API 密钥（输入内容不会显示）：</translation>
        </message>
        <message>
            <source>Ask a question about images and print the answer. Images are prepared for the model (its size and token budget) and checked before anything is sent: a question with more images than the model takes, or too large to send, is refused with what to do. With --dry-run nothing is sent: the plan is printed instead (images, megapixels, upload size, estimated prompt tokens and cost).</source>
            <translation>就图片提问并输出回答。图片会按模型的要求（尺寸和 Token 预算）处理，并在发送前检查：如果图片数量超过模型的上限，或内容太大无法发送，问题不会发出，并会说明该怎么做。使用 --dry-run 时不发送任何内容，而是输出发送计划（图片、百万像素、上传大小、预计输入 Token 数和费用）。</translation>
        </message>
        <message>
            <source>Ask a vision model about images. Without a command, the window opens.</source>
            <translation>就图片向视觉模型提问。不带命令时打开窗口。</translation>
        </message>
        <message>
            <source>Ask one question about each image (or PDF page) in the given files and folders, and write one row per image to a CSV, XLSX or JSON Lines file. Progress is saved as it goes: after an interruption, run the same command with --resume to continue without asking again for rows already answered.</source>
            <translation>就指定文件和文件夹中的每张图片（或每页 PDF）提出同一个问题，并把每张图片的结果写成 CSV、XLSX 或 JSON Lines 文件中的一行。进度会随时保存：中断后，加上 --resume 再运行同一条命令即可继续，已得到回答的行不会再问一次。</translation>
        </message>
        <message>
            <source>Batch: {sources}, {count} at a time → {output}</source>
            <translation>批量处理：{sources}，每次同时发送 {count} 个 → {output}</translation>
        </message>
        <message>
            <source>Done: {count} rows written to {path}.</source>
            <translation>完成：已将 {count} 行写入 {path}。</translation>
        </message>
        <message>
            <source>Error: something unexpected went wrong ({name}). Run again with --debug for details.</source>
            <translation>错误：发生了意外问题（{name}）。加上 --debug 再运行一次可查看详细信息。</translation>
        </message>
        <message>
            <source>Error: the history could not be read ({name}: {detail}).</source>
            <translation>错误：无法读取历史记录（{name}：{detail}）。</translation>
        </message>
        <message>
            <source>Error: {text}</source>
            <translation>错误：{text}</translation>
        </message>
        <message>
            <source>Estimate: {estimate}</source>
            <translation>预计：{estimate}</translation>
        </message>
        <message>
            <source>ID {id} · {count} turn(s) · updated {when}</source>
            <translation>ID {id} · {count} 轮对话 · 更新于 {when}</translation>
        </message>
        <message>
            <source>No API key is set for {name}. Run `{command}`, or set {variable}.</source>
            <translation>尚未设置 {name} 的 API 密钥。请运行 `{command}`，或设置环境变量 {variable}。</translation>
        </message>
        <message>
            <source>No conversations yet.</source>
            <translation>还没有对话。</translation>
        </message>
        <message>
            <source>No key was entered; nothing was stored.</source>
            <translation>没有输入密钥，未保存任何内容。</translation>
        </message>
        <message>
            <source>Note: base URL adjusted ({change}): using {url}</source>
            <translation>提示：接口地址已调整（{change}），现在使用 {url}</translation>
        </message>
        <message>
            <source>Note: could not remember this for next time ({name}).</source>
            <translation>提示：无法记住这项设置以供下次使用（{name}）。</translation>
        </message>
        <message>
            <source>Note: no earlier batch was found for {name}; starting a new one.</source>
            <translation>提示：没有找到写入 {name} 的之前的批量处理；将开始新的批量处理。</translation>
        </message>
        <message>
            <source>Note: not saved in the history. {reason}</source>
            <translation>提示：未保存到历史记录。{reason}</translation>
        </message>
        <message>
            <source>Note: the answer may be incomplete: the stream ended early.</source>
            <translation>提示：回答可能不完整：流式输出提前结束了。</translation>
        </message>
        <message>
            <source>Note: the history was damaged; it was set aside as {path} and a new one was started (there is no backup to restore).</source>
            <translation>提示：历史记录已损坏，已将其另存为 {path} 并新建了历史记录（没有可恢复的备份）。</translation>
        </message>
        <message>
            <source>Note: the history was damaged; it was set aside as {path} and a new one was started (to get your conversations back, restore the latest backup ({when}) with "Restore history from backup…" in the window).</source>
            <translation>提示：历史记录已损坏，已将其另存为 {path} 并新建了历史记录（要找回您的对话，请在窗口中使用“从备份恢复历史记录…”恢复最近的备份（{when}））。</translation>
        </message>
        <message>
            <source>Note: the model sent an empty answer.</source>
            <translation>提示：模型返回了空回答。</translation>
        </message>
        <message>
            <source>Note: {count} row(s) have empty cells; the error column says why.</source>
            <translation>提示：有 {count} 行存在空单元格；原因见“错误”列。</translation>
        </message>
        <message>
            <source>Note: {text}</source>
            <translation>提示：{text}</translation>
        </message>
        <message>
            <source>Nothing found.</source>
            <translation>没有找到结果。</translation>
        </message>
        <message>
            <source>OpenAI-compatible base URL, e.g. https://www.anyfast.ai/v1</source>
            <translation>兼容 OpenAI 的接口地址，例如 https://www.anyfast.ai/v1</translation>
        </message>
        <message>
            <source>Removed the {name} key from the system keyring (if it was there).</source>
            <translation>已从系统凭据库中删除 {name} 的 API 密钥（如果原来有的话）。</translation>
        </message>
        <message>
            <source>Resuming: {done} of {total} rows already answered, {failed} failed rows tried again.</source>
            <translation>继续运行：{total} 行中已有 {done} 行得到回答，{failed} 个失败的行将重试。</translation>
        </message>
        <message>
            <source>Resuming: {done} of {total} rows already answered.</source>
            <translation>继续运行：{total} 行中已有 {done} 行得到回答。</translation>
        </message>
        <message>
            <source>Stopped.</source>
            <translation>已停止。</translation>
        </message>
        <message>
            <source>Stopped. {name} has the rows answered so far; run the same command with --resume to go on.</source>
            <translation>已停止。{name} 中有目前已得到回答的行；加上 --resume 再运行同一条命令即可继续。</translation>
        </message>
        <message>
            <source>Stored the {name} key in the system keyring.</source>
            <translation>已将 {name} 的 API 密钥保存到系统凭据库。</translation>
        </message>
        <message>
            <source>System: {text}</source>
            <translation>指令：{text}</translation>
        </message>
        <message>
            <source>The batch stopped with {count} row(s) not answered; fix this and run the same command with --resume.</source>
            <translation>批量处理已停止，还有 {count} 行没有得到回答；请解决这个问题，然后加上 --resume 再运行同一条命令。</translation>
        </message>
        <message>
            <source>Total: {total} tokens ({prompt} in, {completion} out)</source>
            <translation>合计：{total} 个 Token（输入 {prompt}，输出 {completion}）</translation>
        </message>
        <message>
            <source>Warning: {text}</source>
            <translation>警告：{text}</translation>
        </message>
        <message>
            <source>[{number}] You, {when}:</source>
            <translation>[{number}] 您，{when}：</translation>
        </message>
        <message>
            <source>[{number}] {meta}:</source>
            <translation>[{number}] {meta}：</translation>
        </message>
        <message>
            <source>a batch writing {name} was started before (its progress is in {path}). Add --resume to continue it, or delete {file} to start over.</source>
            <translation>之前已经开始过一个写入 {name} 的批量处理（进度保存在 {path}）。加上 --resume 可继续，或删除 {file} 后重新开始。</translation>
        </message>
        <message>
            <source>a different model</source>
            <translation>不同的模型</translation>
        </message>
        <message>
            <source>a different question</source>
            <translation>不同的问题</translation>
        </message>
        <message>
            <source>about {time} left</source>
            <translation>约剩 {time}</translation>
        </message>
        <message>
            <source>an image (repeatable)</source>
            <translation>一张图片（可多次使用）</translation>
        </message>
        <message>
            <source>ask a question about images and print the answer</source>
            <translation>就图片提问并输出回答</translation>
        </message>
        <message>
            <source>ask one question about many images and write the answers to a table</source>
            <translation>就多张图片提出同一个问题，并把回答写入表格</translation>
        </message>
        <message>
            <source>continue the batch that was writing --out (rows already answered are not sent again; failed rows are tried again)</source>
            <translation>继续之前写入 --out 的批量处理（已得到回答的行不会再发送；失败的行会重试）</translation>
        </message>
        <message>
            <source>different fields</source>
            <translation>不同的字段</translation>
        </message>
        <message>
            <source>do not record this question in the history</source>
            <translation>不把这个问题记入历史记录</translation>
        </message>
        <message>
            <source>every page of each PDF (default: the first few)</source>
            <translation>每个 PDF 的所有页（默认：只取前几页）</translation>
        </message>
        <message>
            <source>find conversations by words in questions and answers</source>
            <translation>按问题和回答中的词语查找对话</translation>
        </message>
        <message>
            <source>give a question or at least one image</source>
            <translation>请输入问题，或至少提供一张图片</translation>
        </message>
        <message>
            <source>give a question, e.g. vision-desktop ask -i photo.jpg "What is in this picture?"</source>
            <translation>请输入问题，例如 vision-desktop ask -i photo.jpg "图片里有什么？"</translation>
        </message>
        <message>
            <source>how long to wait for each answer</source>
            <translation>每个回答最多等待多久</translation>
        </message>
        <message>
            <source>how long to wait for the answer</source>
            <translation>等待回答的最长时间</translation>
        </message>
        <message>
            <source>how many (default 20)</source>
            <translation>显示多少条（默认 20）</translation>
        </message>
        <message>
            <source>image files, PDFs or folders (searched inside)</source>
            <translation>图片文件、PDF 或文件夹（会搜索其中的文件）</translation>
        </message>
        <message>
            <source>instructions for the model (a system message)</source>
            <translation>给模型的指令（系统提示词）</translation>
        </message>
        <message>
            <source>list, show, search and export recorded conversations</source>
            <translation>列出、显示、搜索和导出已记录的对话</translation>
        </message>
        <message>
            <source>log to stderr and show tracebacks</source>
            <translation>将日志输出到标准错误，并显示错误追踪信息</translation>
        </message>
        <message>
            <source>longest answer, in tokens</source>
            <translation>回答的最大长度（Token 数）</translation>
        </message>
        <message>
            <source>md, html or json</source>
            <translation>md、html 或 json</translation>
        </message>
        <message>
            <source>model name (default: from settings)</source>
            <translation>模型名称（默认：取自设置）</translation>
        </message>
        <message>
            <source>must be 1 or more</source>
            <translation>必须大于或等于 1</translation>
        </message>
        <message>
            <source>options</source>
            <translation>选项</translation>
        </message>
        <message>
            <source>paused</source>
            <translation>已暂停</translation>
        </message>
        <message>
            <source>positional arguments</source>
            <translation>位置参数</translation>
        </message>
        <message>
            <source>print JSON instead of a table</source>
            <translation>输出 JSON 而不是表格</translation>
        </message>
        <message>
            <source>print JSON instead of lines</source>
            <translation>输出 JSON 而不是逐行文本</translation>
        </message>
        <message>
            <source>print a conversation with its usage</source>
            <translation>显示一个对话及其用量</translation>
        </message>
        <message>
            <source>print one JSON object instead of the text (with --dry-run: the plan as JSON)</source>
            <translation>输出一个 JSON 对象而不是文本（与 --dry-run 一起使用时：以 JSON 输出发送计划）</translation>
        </message>
        <message>
            <source>print the JSON export instead</source>
            <translation>改为输出 JSON 导出内容</translation>
        </message>
        <message>
            <source>print the answer as it arrives (default: when the output is a terminal)</source>
            <translation>边接收边输出回答（默认：输出到终端时）</translation>
        </message>
        <message>
            <source>provider preset (default: from settings)</source>
            <translation>服务商预设（默认：取自设置）</translation>
        </message>
        <message>
            <source>requests at once, 1 to {maximum} (default {default}); fewer for a while when the relay says too many</source>
            <translation>同时发送的请求数，1 到 {maximum}（默认 {default}）；中转服务提示请求过多时会暂时减少</translation>
        </message>
        <message>
            <source>send nothing: prepare the images and print what would be sent and its estimated tokens and cost (exit status 1 when a limit would be broken); needs no API key</source>
            <translation>不发送任何内容：处理图片，输出将要发送的内容及预计的 Token 数和费用（超出限制时退出状态为 1）；不需要 API 密钥</translation>
        </message>
        <message>
            <source>show program's version number and exit</source>
            <translation>显示程序的版本号并退出</translation>
        </message>
        <message>
            <source>show this help message and exit</source>
            <translation>显示此帮助信息并退出</translation>
        </message>
        <message>
            <source>show tracebacks</source>
            <translation>显示错误追踪信息</translation>
        </message>
        <message>
            <source>store, remove or check the API key in the system keyring</source>
            <translation>在系统凭据库中保存、删除或检查 API 密钥</translation>
        </message>
        <message>
            <source>the batch writing {name} was started with {differences}. Run it with the same --prompt, --fields and --model to continue, or delete {file} to start over.</source>
            <translation>写入 {name} 的批量处理开始时用的是{differences}。请使用相同的 --prompt、--fields 和 --model 运行以继续，或删除 {file} 后重新开始。</translation>
        </message>
        <message>
            <source>the conversation's ID (see `history list`)</source>
            <translation>对话的 ID（见 `history list`）</translation>
        </message>
        <message>
            <source>the conversations, newest first</source>
            <translation>列出对话，最新的在前</translation>
        </message>
        <message>
            <source>the question (read from standard input when left out or '-')</source>
            <translation>问题（省略或为 '-' 时从标准输入读取）</translation>
        </message>
        <message>
            <source>the question asked about each image</source>
            <translation>对每张图片提出的问题</translation>
        </message>
        <message>
            <source>the table to write: .csv, .xlsx or .jsonl</source>
            <translation>要写入的表格：.csv、.xlsx 或 .jsonl</translation>
        </message>
        <message>
            <source>usage not reported</source>
            <translation>未报告用量</translation>
        </message>
        <message>
            <source>values to extract, one column each: "vendor:text,total:number,date:date,paid:yesno" (a third part is a description: total:number:the grand total)</source>
            <translation>要提取的值，每个一列："vendor:text,total:number,date:date,paid:yesno"（第三部分是说明：total:number:the grand total）</translation>
        </message>
        <message>
            <source>where to write (md: a folder; default: ./&lt;id&gt;-&lt;title&gt;[.html|.json] in the current folder)</source>
            <translation>写入位置（md：一个文件夹；默认：当前文件夹中的 ./&lt;id&gt;-&lt;title&gt;[.html|.json]）</translation>
        </message>
        <message>
            <source>words to find (all of them)</source>
            <translation>要查找的词语（须全部包含）</translation>
        </message>
        <message>
            <source>write a conversation as Markdown, HTML or JSON</source>
            <translation>将对话导出为 Markdown、HTML 或 JSON</translation>
        </message>
        <message>
            <source>{count} failed</source>
            <translation>{count} 个失败</translation>
        </message>
        <message>
            <source>{count} turn(s)</source>
            <translation>{count} 轮</translation>
        </message>
        <message>
            <source>{done} of {total}</source>
            <translation>{done} / {total}</translation>
        </message>
        <message>
            <source>{failed} of {total} rows failed, {pending} not answered; the error column in {name} says why. Run the same command with --resume to try them again.</source>
            <translation>{total} 行中有 {failed} 行失败，{pending} 行没有得到回答；原因见 {name} 中的“错误”列。加上 --resume 再运行同一条命令即可重试。</translation>
        </message>
        <message>
            <source>{failed} of {total} rows failed; the error column in {name} says why. Run the same command with --resume to try them again.</source>
            <translation>{total} 行中有 {failed} 行失败；原因见 {name} 中的“错误”列。加上 --resume 再运行同一条命令即可重试。</translation>
        </message>
        <message>
            <source>{name}: a key is set in the environment variable {variable} (it takes precedence).</source>
            <translation>{name}：环境变量 {variable} 中设置了密钥（优先使用）。</translation>
        </message>
        <message>
            <source>{name}: a key is stored in the system keyring ({where}).</source>
            <translation>{name}：系统凭据库中保存有密钥（{where}）。</translation>
        </message>
        <message>
            <source>{name}: no key found. Run `{command}` or set {variable}.</source>
            <translation>{name}：没有找到密钥。请运行 `{command}`，或设置环境变量 {variable}。</translation>
        </message>
        <message>
            <source>{time} elapsed</source>
            <translation>已用 {time}</translation>
        </message>
        <message>
            <source>{total} tokens ({prompt} in, {completion} out)</source>
            <translation>{total} 个 Token（输入 {prompt}，输出 {completion}）</translation>
        </message>
        <message>
            <source>{url} is not encrypted (http://): the key and the images would travel in the clear. Use an https:// address.</source>
            <translation>{url} 未加密（http://）：API 密钥和图片会以明文传输。请使用 https:// 地址。</translation>
        </message>
        <message>
            <source>— {model}, {usage}, {seconds} s</source>
            <translation>— {model}，{usage}，{seconds} 秒</translation>
        </message>
    </context>
    <context>
        <name>errors</name>
        <message>
            <source>"{name}" arrived garbled (the server's compression was invalid).</source>
            <translation>收到的“{name}”已损坏（服务器的压缩数据无效）。</translation>
        </message>
        <message>
            <source>"{name}" cannot be downloaded: only https:// addresses are allowed.</source>
            <translation>无法下载“{name}”：只允许 https:// 地址。</translation>
        </message>
        <message>
            <source>"{name}" cannot be made small enough for the size limit.</source>
            <translation>无法把“{name}”缩小到大小上限以内。</translation>
        </message>
        <message>
            <source>"{name}" could not be downloaded: the server answered {status} ({reason}).</source>
            <translation>无法下载“{name}”：服务器返回 {status}（{reason}）。</translation>
        </message>
        <message>
            <source>"{name}" could not be downloaded: the server answered {status} ({reason}). Check the address.</source>
            <translation>无法下载“{name}”：服务器返回 {status}（{reason}）。请检查地址。</translation>
        </message>
        <message>
            <source>"{name}" could not be downloaded: the server redirected too many times.</source>
            <translation>无法下载“{name}”：服务器重定向次数过多。</translation>
        </message>
        <message>
            <source>"{name}" could not be found. Check that the file still exists.</source>
            <translation>找不到“{name}”。请确认该文件仍然存在。</translation>
        </message>
        <message>
            <source>"{name}" could not be opened.</source>
            <translation>无法打开“{name}”。</translation>
        </message>
        <message>
            <source>"{name}" could not be prepared.</source>
            <translation>无法处理“{name}”。</translation>
        </message>
        <message>
            <source>"{name}" has 1 page, so there is no page {page}.</source>
            <translation>“{name}”只有 1 页，没有第 {page} 页。</translation>
        </message>
        <message>
            <source>"{name}" has {count} pages, so there is no page {page}.</source>
            <translation>“{name}”共有 {count} 页，没有第 {page} 页。</translation>
        </message>
        <message>
            <source>"{name}" is a PDF document, not an image. Export the page as an image first.</source>
            <translation>“{name}”是 PDF 文档，而不是图片。请先将该页导出为图片。</translation>
        </message>
        <message>
            <source>"{name}" is a folder, not a PDF document.</source>
            <translation>“{name}”是一个文件夹，而不是 PDF 文档。</translation>
        </message>
        <message>
            <source>"{name}" is a folder, not an image file.</source>
            <translation>“{name}”是一个文件夹，而不是图片文件。</translation>
        </message>
        <message>
            <source>"{name}" is a text file, not an image.</source>
            <translation>“{name}”是文本文件，而不是图片。</translation>
        </message>
        <message>
            <source>"{name}" is a web page, not an image.</source>
            <translation>“{name}”是网页，而不是图片。</translation>
        </message>
        <message>
            <source>"{name}" is a {scheme}: address; only files and https:// addresses can be attached.</source>
            <translation>“{name}”是 {scheme}: 地址；只能添加文件和 https:// 地址。</translation>
        </message>
        <message>
            <source>"{name}" is damaged or incomplete and could not be read as a PDF. If it opens in a PDF viewer, print it to a new PDF and add that.</source>
            <translation>“{name}”已损坏或不完整，无法作为 PDF 读取。如果它能在 PDF 阅读器中打开，请将其打印为新的 PDF 再添加。</translation>
        </message>
        <message>
            <source>"{name}" is damaged or incomplete and could not be read.</source>
            <translation>“{name}”已损坏或不完整，无法读取。</translation>
        </message>
        <message>
            <source>"{name}" is damaged: it claims to be {width}×{height} pixels.</source>
            <translation>“{name}”已损坏：它声称自己是 {width}×{height} 像素。</translation>
        </message>
        <message>
            <source>"{name}" is empty (0 bytes), so there are no pages in it.</source>
            <translation>“{name}”是空文件（0 字节），里面没有任何页面。</translation>
        </message>
        <message>
            <source>"{name}" is empty (0 bytes), so there is no image in it.</source>
            <translation>“{name}”是空文件（0 字节），里面没有图片。</translation>
        </message>
        <message>
            <source>"{name}" is larger than {size}, the most the app downloads. Save a smaller copy and attach the file instead.</source>
            <translation>“{name}”超过了 {size}，这是本应用下载的上限。请保存一份较小的副本，改为添加该文件。</translation>
        </message>
        <message>
            <source>"{name}" is not a PDF document, although its name says so. Open it and save it again as a PDF, or export the pages as images.</source>
            <translation>“{name}”虽然名称像 PDF，但并不是 PDF 文档。请打开它并重新另存为 PDF，或将页面导出为图片。</translation>
        </message>
        <message>
            <source>"{name}" is not a valid web address.</source>
            <translation>“{name}”不是有效的网址。</translation>
        </message>
        <message>
            <source>"{name}" is not an image the app can read (the format is unknown or not supported).</source>
            <translation>“{name}”不是本应用能读取的图片（格式未知或不受支持）。</translation>
        </message>
        <message>
            <source>"{name}" is on an insecure (http://) address. Only https:// addresses are downloaded; save the image and attach the file instead.</source>
            <translation>“{name}”位于不安全的（http://）地址。只会下载 https:// 地址；请保存图片，改为添加该文件。</translation>
        </message>
        <message>
            <source>"{name}" is protected by a password; open it, print it to a new PDF without a password, and add that.</source>
            <translation>“{name}”受密码保护；请打开它，打印为不带密码的新 PDF，再添加新文件。</translation>
        </message>
        <message>
            <source>"{name}" is too large to open on this computer (not enough memory).</source>
            <translation>“{name}”太大，这台电脑无法打开（内存不足）。</translation>
        </message>
        <message>
            <source>"{name}" is too large to process on this computer (not enough memory).</source>
            <translation>“{name}”太大，这台电脑无法处理（内存不足）。</translation>
        </message>
        <message>
            <source>"{name}" is too large to process: it claims {width}×{height} pixels ({megapixels} megapixels; the limit is {limit}).</source>
            <translation>“{name}”太大，无法处理：它声称有 {width}×{height} 像素（{megapixels} 百万像素，上限为 {limit} 百万像素）。</translation>
        </message>
        <message>
            <source>"{name}": {problem}</source>
            <translation>“{name}”：{problem}</translation>
        </message>
        <message>
            <source>"{part}" has no field name: write it as name:type, for example total:number.</source>
            <translation>“{part}”没有字段名称：请写成 名称:类型，例如 total:number。</translation>
        </message>
        <message>
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>A batch state file already exists: {path}.</source>
            <translation>批量处理的进度文件已存在：{path}。</translation>
        </message>
        <message>
            <source>A field needs a name, for example total:number.</source>
            <translation>字段需要一个名称，例如 total:number。</translation>
        </message>
        <message>
            <source>A setting is not valid.</source>
            <translation>某项设置无效。</translation>
        </message>
        <message>
            <source>An image of this conversation is missing from the history folder.</source>
            <translation>此对话中的一张图片已不在历史记录文件夹中。</translation>
        </message>
        <message>
            <source>An image of this conversation is missing.</source>
            <translation>此对话中的一张图片不见了。</translation>
        </message>
        <message>
            <source>Concurrency must be between 1 and {maximum}, not {value}.</source>
            <translation>同时发送的请求数必须在 1 到 {maximum} 之间，不能是 {value}。</translation>
        </message>
        <message>
            <source>Could not connect to {host} to download "{name}". Check the address and your internet connection.</source>
            <translation>无法连接到 {host} 来下载“{name}”。请检查地址和网络连接。</translation>
        </message>
        <message>
            <source>Could not connect to {host} within {seconds} seconds. Check your internet connection and the base URL.</source>
            <translation>{seconds} 秒内未能连接到 {host}。请检查网络连接和接口地址。</translation>
        </message>
        <message>
            <source>Could not find the server “{host}”. Check the base URL in Settings and your internet connection.</source>
            <translation>找不到服务器“{host}”。请检查设置中的接口地址和网络连接。</translation>
        </message>
        <message>
            <source>Could not reach the proxy server {proxy}. Check the proxy setting in Settings, or ask IT.</source>
            <translation>无法连接到代理服务器 {proxy}。请检查设置中的代理，或咨询 IT 部门。</translation>
        </message>
        <message>
            <source>Could not reach the service. Check your internet connection and try again.</source>
            <translation>无法连接到服务。请检查网络连接后重试。</translation>
        </message>
        <message>
            <source>Could not reach {host}. Check your internet connection and try again.</source>
            <translation>无法连接到 {host}。请检查网络连接后重试。</translation>
        </message>
        <message>
            <source>Images from web addresses cannot be downloaded here. Save the image and attach the file instead.</source>
            <translation>此处无法下载网址中的图片。请保存图片，改为添加该文件。</translation>
        </message>
        <message>
            <source>No API key is available for {provider}: the system keyring could not be read. Enter your key in Settings (it can be kept for this session), or set {variable}.</source>
            <translation>无法获取 {provider} 的 API 密钥：系统凭据库无法读取。请在设置中输入密钥（可仅在本次运行期间保留），或设置环境变量 {variable}。</translation>
        </message>
        <message>
            <source>No API key is set for {provider}. Enter your key in Settings, or set {variable}.</source>
            <translation>尚未设置 {provider} 的 API 密钥。请在设置中输入密钥，或设置环境变量 {variable}。</translation>
        </message>
        <message>
            <source>No API key is set. Open Settings and paste your key.</source>
            <translation>尚未设置 API 密钥。请打开设置并粘贴您的密钥。</translation>
        </message>
        <message>
            <source>No fields were found: list them as name:type, for example vendor:text,total:number.</source>
            <translation>没有找到字段：请按 名称:类型 列出，例如 vendor:text,total:number。</translation>
        </message>
        <message>
            <source>No images or PDFs were found in {paths}.</source>
            <translation>在 {paths} 中没有找到图片或 PDF。</translation>
        </message>
        <message>
            <source>No provider is chosen, so the key cannot be stored. Choose a provider first.</source>
            <translation>尚未选择服务商，因此无法保存密钥。请先选择服务商。</translation>
        </message>
        <message>
            <source>No saved batch was found at {path}.</source>
            <translation>在 {path} 没有找到保存的批量处理。</translation>
        </message>
        <message>
            <source>No system keyring is available, so the key cannot be saved. It will be kept for this session only.</source>
            <translation>没有可用的系统凭据库，因此无法保存密钥。密钥仅在本次运行期间保留。</translation>
        </message>
        <message>
            <source>No usable system keyring was found, so the API key cannot be stored safely (keys are never written to a plain file).</source>
            <translation>没有找到可用的系统凭据库，因此无法安全地保存 API 密钥（密钥绝不会写入普通文件）。</translation>
        </message>
        <message>
            <source>No usable system keyring was found, so the API key cannot be stored safely.</source>
            <translation>没有找到可用的系统凭据库，因此无法安全地保存 API 密钥。</translation>
        </message>
        <message>
            <source>PDF pages</source>
            <translation>PDF 页数</translation>
        </message>
        <message>
            <source>Page {page} of "{name}" is damaged and could not be drawn. If the PDF opens in a PDF viewer, print it to a new PDF and add that.</source>
            <translation>“{name}”的第 {page} 页已损坏，无法绘制。如果该 PDF 能在 PDF 阅读器中打开，请将其打印为新的 PDF 再添加。</translation>
        </message>
        <message>
            <source>Page {page} of "{name}" is too large to draw on this computer (not enough memory).</source>
            <translation>“{name}”的第 {page} 页太大，这台电脑无法绘制（内存不足）。</translation>
        </message>
        <message>
            <source>Pages of "{name}" are counted from 1; there is no page {page}.</source>
            <translation>“{name}”的页码从 1 开始；没有第 {page} 页。</translation>
        </message>
        <message>
            <source>Something unexpected went wrong, so the batch stopped. Rows already answered are kept.</source>
            <translation>发生了意外问题，批量处理已停止。已得到回答的行都已保留。</translation>
        </message>
        <message>
            <source>Something went wrong.</source>
            <translation>出了点问题。</translation>
        </message>
        <message>
            <source>Stopped.</source>
            <translation>已停止。</translation>
        </message>
        <message>
            <source>The API key is empty. Paste the whole key and try again.</source>
            <translation>API 密钥为空。请粘贴完整的密钥后重试。</translation>
        </message>
        <message>
            <source>The Custom provider needs a base URL. Enter the address your provider gives in Settings.</source>
            <translation>“自定义”服务商需要填写接口地址。请在设置中输入服务商提供的地址。</translation>
        </message>
        <message>
            <source>The address answered with a web page, not a chat service. Check the base URL in Settings (it usually ends in /v1).</source>
            <translation>该地址返回的是网页，而不是聊天服务。请检查设置中的接口地址（通常以 /v1 结尾）。</translation>
        </message>
        <message>
            <source>The address did not lead to a chat service. Check the base URL in Settings (it usually ends in /v1).</source>
            <translation>该地址不是聊天服务。请检查设置中的接口地址（通常以 /v1 结尾）。</translation>
        </message>
        <message>
            <source>The address of "{name}" leads to a web page, not an image. Copy the image's own address instead.</source>
            <translation>“{name}”的地址指向的是网页，而不是图片。请改为复制图片本身的地址。</translation>
        </message>
        <message>
            <source>The address of "{name}" leads to {content_type} content, not an image. Copy the image's own address instead.</source>
            <translation>“{name}”的地址指向的是 {content_type} 内容，而不是图片。请改为复制图片本身的地址。</translation>
        </message>
        <message>
            <source>The answer took longer than {cap}, the longest the app waits for one answer. Try again, or ask a shorter question.</source>
            <translation>回答用时超过了 {cap}，这是本应用等待一个回答的最长时间。请重试，或把问题问得简短一些。</translation>
        </message>
        <message>
            <source>The answer took longer than {cap}, the longest the app waits for one answer. What arrived is kept.</source>
            <translation>回答用时超过了 {cap}，这是本应用等待一个回答的最长时间。已收到的内容会保留。</translation>
        </message>
        <message>
            <source>The app is not allowed to read "{name}". Check the file's permissions.</source>
            <translation>本应用没有读取“{name}”的权限。请检查该文件的权限。</translation>
        </message>
        <message>
            <source>The app stopped before the answer was complete.</source>
            <translation>回答完成之前应用已停止。</translation>
        </message>
        <message>
            <source>The appearance setting must be system, light or dark.</source>
            <translation>外观设置必须是 system、light 或 dark。</translation>
        </message>
        <message>
            <source>The base URL is empty. Enter the address your provider gives, e.g. https://www.anyfast.ai/v1.</source>
            <translation>接口地址为空。请输入服务商提供的地址，例如 https://www.anyfast.ai/v1。</translation>
        </message>
        <message>
            <source>The base URL must start with https:// (it starts with {scheme}://).</source>
            <translation>接口地址必须以 https:// 开头（当前以 {scheme}:// 开头）。</translation>
        </message>
        <message>
            <source>The base URL must start with https://.</source>
            <translation>接口地址必须以 https:// 开头。</translation>
        </message>
        <message>
            <source>The batch's progress cannot be saved in {folder}. Choose a folder you can write to.</source>
            <translation>无法在 {folder} 中保存批量处理的进度。请选择一个您有写入权限的文件夹。</translation>
        </message>
        <message>
            <source>The batch's progress could not be saved (is the disk full?). The batch stopped; free some space and run it again to continue.</source>
            <translation>无法保存批量处理的进度（磁盘是否已满？）。批量处理已停止；请腾出一些空间，然后再次运行以继续。</translation>
        </message>
        <message>
            <source>The certificate of {host} is not trusted by this computer. If your office network inspects traffic, ask IT for its certificate and add it in Settings; otherwise check the base URL.</source>
            <translation>这台电脑不信任 {host} 的证书。如果您的办公网络会检查流量，请向 IT 部门索取其证书并在设置中添加；否则请检查接口地址。</translation>
        </message>
        <message>
            <source>The connection to {host} broke off while downloading "{name}". Try again.</source>
            <translation>下载“{name}”时与 {host} 的连接中断了。请重试。</translation>
        </message>
        <message>
            <source>The connection was cut before the answer arrived. Try again in a moment.</source>
            <translation>回答到达之前连接就中断了。请稍后重试。</translation>
        </message>
        <message>
            <source>The connection was cut before the answer was complete. What arrived is kept; try again for the rest.</source>
            <translation>回答尚未完整，连接就中断了。已收到的内容会保留；请重试以获取其余部分。</translation>
        </message>
        <message>
            <source>The conversation could not be saved.</source>
            <translation>无法保存对话。</translation>
        </message>
        <message>
            <source>The conversation history could not be read or written.</source>
            <translation>无法读取或写入对话历史记录。</translation>
        </message>
        <message>
            <source>The conversation history is damaged, and another Vision Desktop is using it. Close it, then try again: the damaged history will be set aside and a new one started.</source>
            <translation>对话历史记录已损坏，而另一个 Vision Desktop 正在使用它。请先关闭那个 Vision Desktop 再重试：损坏的历史记录会被另存一旁，并新建一份历史记录。</translation>
        </message>
        <message>
            <source>The conversation history is damaged.</source>
            <translation>对话历史记录已损坏。</translation>
        </message>
        <message>
            <source>The currency must be a short code or symbol, for example USD, CNY or ¥.</source>
            <translation>货币必须是简短的代码或符号，例如 USD、CNY 或 ¥。</translation>
        </message>
        <message>
            <source>The disk is full.</source>
            <translation>磁盘已满。</translation>
        </message>
        <message>
            <source>The disk refused to write the history (it may be full or failing).</source>
            <translation>磁盘拒绝写入历史记录（可能已满或出现故障）。</translation>
        </message>
        <message>
            <source>The extra certificate file “{path}” could not be read. Choose a PEM certificate file.</source>
            <translation>无法读取额外证书文件“{path}”。请选择 PEM 格式的证书文件。</translation>
        </message>
        <message>
            <source>The field "{name}" has the type "{type}"; use one of text, number, date or yesno (for example total:number).</source>
            <translation>字段“{name}”的类型是“{type}”；请使用 text、number、date 或 yesno 之一（例如 total:number）。</translation>
        </message>
        <message>
            <source>The field "{name}" has the type "{type}"; use one of text, number, date or yesno.</source>
            <translation>字段“{name}”的类型是“{type}”；请使用 text、number、date 或 yesno 之一。</translation>
        </message>
        <message>
            <source>The field "{name}" is listed twice.</source>
            <translation>字段“{name}”列出了两次。</translation>
        </message>
        <message>
            <source>The file {name} could not be written. Choose another folder or file name.</source>
            <translation>无法写入文件 {name}。请选择其他文件夹或文件名。</translation>
        </message>
        <message>
            <source>The history file cannot be opened or written.</source>
            <translation>无法打开或写入历史记录文件。</translation>
        </message>
        <message>
            <source>The history folder cannot be written to (it is read-only).</source>
            <translation>无法写入历史记录文件夹（它是只读的）。</translation>
        </message>
        <message>
            <source>The history is closed.</source>
            <translation>历史记录已关闭。</translation>
        </message>
        <message>
            <source>The history is locked by another program.</source>
            <translation>历史记录被另一个程序锁定了。</translation>
        </message>
        <message>
            <source>The history was written by a newer version of Vision Desktop. Update the app to open it.</source>
            <translation>此历史记录由更新版本的 Vision Desktop 写入。请更新应用后再打开。</translation>
        </message>
        <message>
            <source>The image could not be used.</source>
            <translation>无法使用此图片。</translation>
        </message>
        <message>
            <source>The key's quota or the account's balance is used up. Top up the account or use another key; re-entering the same key will not help.</source>
            <translation>此密钥的额度或账户余额已用尽。请为账户充值或换用其他密钥；重新输入同一个密钥无济于事。</translation>
        </message>
        <message>
            <source>The language setting must be system, en or zh_CN.</source>
            <translation>语言设置必须是 system、en 或 zh_CN。</translation>
        </message>
        <message>
            <source>The model sent an empty answer.</source>
            <translation>模型返回了空回答。</translation>
        </message>
        <message>
            <source>The model setting is empty. Enter a model name in Settings.</source>
            <translation>模型设置为空。请在设置中输入模型名称。</translation>
        </message>
        <message>
            <source>The provider setting is empty. Choose a provider in Settings.</source>
            <translation>服务商设置为空。请在设置中选择服务商。</translation>
        </message>
        <message>
            <source>The proxy address must start with http://, https:// or socks5:// and name a server, for example http://proxy.example.com:8080.</source>
            <translation>代理地址必须以 http://、https:// 或 socks5:// 开头，并写明服务器，例如 http://proxy.example.com:8080。</translation>
        </message>
        <message>
            <source>The proxy server refused or failed the connection. Check the proxy setting or ask IT.</source>
            <translation>代理服务器拒绝了连接或连接失败。请检查代理设置，或咨询 IT 部门。</translation>
        </message>
        <message>
            <source>The request is larger than the service accepts. Remove some images or use smaller ones, then try again.</source>
            <translation>请求超出了服务能接受的大小。请移除部分图片或改用较小的图片，然后重试。</translation>
        </message>
        <message>
            <source>The request is too large for the service. Remove some images or use smaller ones, then try again.</source>
            <translation>请求太大，服务无法接受。请移除部分图片或改用较小的图片，然后重试。</translation>
        </message>
        <message>
            <source>The request would be {size}, but at most {limit} can be sent at once. Remove some images, or ask about them in several questions.</source>
            <translation>这次请求将有 {size}，但一次最多只能发送 {limit}。请移除部分图片，或分成几个问题来问。</translation>
        </message>
        <message>
            <source>The secure connection could not be verified. If your office network inspects traffic, ask IT for its certificate and add it in Settings; otherwise check the base URL.</source>
            <translation>无法验证安全连接。如果您的办公网络会检查流量，请向 IT 部门索取其证书并在设置中添加；否则请检查接口地址。</translation>
        </message>
        <message>
            <source>The secure connection to {host} could not be verified, so "{name}" was not downloaded.</source>
            <translation>无法验证与 {host} 的安全连接，因此没有下载“{name}”。</translation>
        </message>
        <message>
            <source>The server sent "{name}" elsewhere without saying where.</source>
            <translation>服务器把“{name}”转到了别处，但没有说明转到哪里。</translation>
        </message>
        <message>
            <source>The service (or the network in front of it) is having trouble right now. Try again in a minute.</source>
            <translation>服务（或它前面的网络）当前出现故障。请过一分钟再试。</translation>
        </message>
        <message>
            <source>The service answered but sent no reply text. Try again; if it keeps happening, try another model.</source>
            <translation>服务有响应，但没有发送回答文字。请重试；如果一直如此，请换用其他模型。</translation>
        </message>
        <message>
            <source>The service answered with an unexpected error (HTTP {status}).</source>
            <translation>服务返回了意外的错误（HTTP {status}）。</translation>
        </message>
        <message>
            <source>The service did not accept the request. The details below say what it objected to.</source>
            <translation>服务没有接受此请求。下方的详细信息说明了它拒绝的原因。</translation>
        </message>
        <message>
            <source>The service did not answer within {seconds} seconds. Try again, or raise the timeout in Settings.</source>
            <translation>服务在 {seconds} 秒内没有响应。请重试，或在设置中调高超时时间。</translation>
        </message>
        <message>
            <source>The service did not answer within {wait}. Try again, or raise the timeout in Settings.</source>
            <translation>服务在 {wait}内没有响应。请重试，或在设置中调高超时时间。</translation>
        </message>
        <message>
            <source>The service ended the answer before sending any of it. Try again, or turn streaming off for this provider in Settings.</source>
            <translation>服务还没发送任何内容就结束了回答。请重试，或在设置中为此服务商关闭流式输出。</translation>
        </message>
        <message>
            <source>The service is busy or you sent too many requests. Wait a moment and try again.</source>
            <translation>服务繁忙，或您发送的请求过多。请稍候再试。</translation>
        </message>
        <message>
            <source>The service is having trouble right now. Try again in a minute.</source>
            <translation>服务当前出现故障。请过一分钟再试。</translation>
        </message>
        <message>
            <source>The service kept the connection open but sent no answer text for {wait}. Try again, or raise the timeout in Settings.</source>
            <translation>服务一直保持着连接，但已有 {wait}没有发送任何回答文字。请重试，或在设置中调高超时时间。</translation>
        </message>
        <message>
            <source>The service refused the request with a web page. Check the key and the base URL in Settings.</source>
            <translation>服务返回了一个网页，拒绝了请求。请检查设置中的 API 密钥和接口地址。</translation>
        </message>
        <message>
            <source>The service refused this request for this key. Check the key's permissions with the provider.</source>
            <translation>服务拒绝了此密钥的这次请求。请向服务商确认该密钥的权限。</translation>
        </message>
        <message>
            <source>The service rejected the API key. Check that the key is copied in full and still valid, then enter it again in Settings.</source>
            <translation>服务拒绝了此 API 密钥。请确认密钥已完整复制且仍然有效，然后在设置中重新输入。</translation>
        </message>
        <message>
            <source>The service returned an error.</source>
            <translation>服务返回了错误。</translation>
        </message>
        <message>
            <source>The service says this model does not accept the “{parameter}” setting, and leaving it out did not help. Try another model, or ask the provider; the details below say what it objected to.</source>
            <translation>服务表示此模型不接受“{parameter}”设置，而去掉该设置后仍然失败。请换用其他模型或咨询服务商；下方的详细信息说明了它拒绝的原因。</translation>
        </message>
        <message>
            <source>The service sent an answer far larger than expected. Try again, or check the base URL.</source>
            <translation>服务返回的内容远远超出预期的大小。请重试，或检查接口地址。</translation>
        </message>
        <message>
            <source>The service sent an answer the app could not read. Check the base URL, or try again later.</source>
            <translation>服务返回的回答无法读取。请检查接口地址，或稍后再试。</translation>
        </message>
        <message>
            <source>The service sent its answer too slowly: it was not complete after {wait}. Try again, or raise the timeout in Settings.</source>
            <translation>服务发送回答太慢：{wait}后仍未发送完整。请重试，或在设置中调高超时时间。</translation>
        </message>
        <message>
            <source>The service stopped sending the answer: no new text for {wait}. What arrived is kept; try again for the rest.</source>
            <translation>服务停止发送回答：已有 {wait}没有收到新的文字。已收到的内容会保留；请重试以获取其余部分。</translation>
        </message>
        <message>
            <source>The service took too long to answer. Try again, or raise the timeout in Settings.</source>
            <translation>服务响应时间过长。请重试，或在设置中调高超时时间。</translation>
        </message>
        <message>
            <source>The system keyring could not be started, so the API key cannot be stored safely.</source>
            <translation>系统凭据库无法启动，因此无法安全地保存 API 密钥。</translation>
        </message>
        <message>
            <source>The system keyring did not respond, so the API key could not be read.</source>
            <translation>系统凭据库没有响应，因此无法读取 API 密钥。</translation>
        </message>
        <message>
            <source>The system keyring did not respond, so the API key could not be removed.</source>
            <translation>系统凭据库没有响应，因此无法删除 API 密钥。</translation>
        </message>
        <message>
            <source>The system keyring did not respond, so the API key could not be saved.</source>
            <translation>系统凭据库没有响应，因此无法保存 API 密钥。</translation>
        </message>
        <message>
            <source>The system keyring is locked, so the API key could not be read. Unlock it (for example by logging in again) and try again.</source>
            <translation>系统凭据库已锁定，因此无法读取 API 密钥。请先解锁（例如重新登录），然后重试。</translation>
        </message>
        <message>
            <source>The system keyring is locked, so the API key could not be removed. Unlock it (for example by logging in again) and try again.</source>
            <translation>系统凭据库已锁定，因此无法删除 API 密钥。请先解锁（例如重新登录），然后重试。</translation>
        </message>
        <message>
            <source>The system keyring is locked, so the API key could not be saved. Unlock it (for example by logging in again) and try again.</source>
            <translation>系统凭据库已锁定，因此无法保存 API 密钥。请先解锁（例如重新登录），然后重试。</translation>
        </message>
        <message>
            <source>The {label} must be from {minimum} to {maximum}; {value} is out of range.</source>
            <translation>“{label}”必须在 {minimum} 到 {maximum} 之间；{value} 超出了范围。</translation>
        </message>
        <message>
            <source>The {label} setting looks like it contains an API key, so the settings were not saved. Keys are kept in the system keyring: enter the key in the API key field instead.</source>
            <translation>“{label}”设置中似乎含有 API 密钥，因此没有保存设置。密钥保存在系统凭据库中：请改在“API 密钥”一栏中输入密钥。</translation>
        </message>
        <message>
            <source>The {label} setting must be a list of model names and choices.</source>
            <translation>“{label}”设置必须是模型名称及其选择的列表。</translation>
        </message>
        <message>
            <source>The {label} setting must be a list of model names and parameters.</source>
            <translation>“{label}”设置必须是模型名称及其参数的列表。</translation>
        </message>
        <message>
            <source>The {label} setting must be a list of model names and prices.</source>
            <translation>“{label}”设置必须是模型名称及其价格的列表。</translation>
        </message>
        <message>
            <source>The {label} setting must be a list of model names and two prices (input, output).</source>
            <translation>“{label}”设置必须是模型名称及两个价格（输入、输出）的列表。</translation>
        </message>
        <message>
            <source>The {label} setting must be a list of model names.</source>
            <translation>“{label}”设置必须是模型名称的列表。</translation>
        </message>
        <message>
            <source>The {label} setting must be a list of provider names and addresses.</source>
            <translation>“{label}”设置必须是服务商名称及其地址的列表。</translation>
        </message>
        <message>
            <source>The {label} setting must be a number from {minimum} to {maximum}.</source>
            <translation>“{label}”设置必须是 {minimum} 到 {maximum} 之间的数字。</translation>
        </message>
        <message>
            <source>The {label} setting must be a whole number from {minimum} to {maximum}.</source>
            <translation>“{label}”设置必须是 {minimum} 到 {maximum} 之间的整数。</translation>
        </message>
        <message>
            <source>The {label} setting must be on or off (true or false).</source>
            <translation>“{label}”设置只能是开或关（true 或 false）。</translation>
        </message>
        <message>
            <source>The {label} setting must be text.</source>
            <translation>“{label}”设置必须是文本。</translation>
        </message>
        <message>
            <source>There is no conversation with ID {conversation_id}.</source>
            <translation>没有 ID 为 {conversation_id} 的对话。</translation>
        </message>
        <message>
            <source>There is no such conversation.</source>
            <translation>没有这个对话。</translation>
        </message>
        <message>
            <source>There is no such turn.</source>
            <translation>没有这一轮对话。</translation>
        </message>
        <message>
            <source>There is no turn with ID {id}.</source>
            <translation>没有 ID 为 {id} 的那一轮对话。</translation>
        </message>
        <message>
            <source>This file could not be prepared ({error}).</source>
            <translation>无法处理此文件（{error}）。</translation>
        </message>
        <message>
            <source>This file is not a history backup.</source>
            <translation>此文件不是历史记录备份。</translation>
        </message>
        <message>
            <source>This file is not a usable history backup.</source>
            <translation>此文件不是可用的历史记录备份。</translation>
        </message>
        <message>
            <source>This file is not an image the app can read.</source>
            <translation>此文件不是本应用能读取的图片。</translation>
        </message>
        <message>
            <source>This image is too large to process.</source>
            <translation>此图片太大，无法处理。</translation>
        </message>
        <message>
            <source>This model is not available for your key at this provider. Pick another model, or ask the provider to enable it.</source>
            <translation>此服务商没有为您的密钥开放这个模型。请选择其他模型，或请服务商开通。</translation>
        </message>
        <message>
            <source>This month's cost ({spent}) has already reached your monthly budget of {budget}. You can still send; raise the budget in Settings to stop this warning.</source>
            <translation>本月费用（{spent}）已达到您的每月预算 {budget}。您仍然可以发送；在设置中调高预算即可不再显示此警告。</translation>
        </message>
        <message>
            <source>This question and the earlier ones sent with it have {total} images, but at most {limit} can be sent in one request. Start a new conversation, or remove 1 image.</source>
            <translation>这个问题连同一起发送的之前的问题共有 {total} 张图片，但一次请求最多只能发送 {limit} 张。请开始新对话，或移除 1 张图片。</translation>
        </message>
        <message>
            <source>This question and the earlier ones sent with it have {total} images, but at most {limit} can be sent in one request. Start a new conversation, or remove {count} images.</source>
            <translation>这个问题连同一起发送的之前的问题共有 {total} 张图片，但一次请求最多只能发送 {limit} 张。请开始新对话，或移除 {count} 张图片。</translation>
        </message>
        <message>
            <source>This question costs about {cost}; with {spent} spent this month, it passes your monthly budget of {budget}. You can still send it, or raise the budget in Settings.</source>
            <translation>这个问题约需 {cost}；本月已花费 {spent}，发送后将超出您的每月预算 {budget}。您仍然可以发送，也可以在设置中调高预算。</translation>
        </message>
        <message>
            <source>This question has 1 image, but at most {limit} can be sent at once. Remove 1 image, or ask about them in several questions.</source>
            <translation>这个问题有 1 张图片，但一次最多只能发送 {limit} 张。请移除 1 张图片，或分成几个问题来问。</translation>
        </message>
        <message>
            <source>This question has {images} images, but at most {limit} can be sent at once. Remove 1 image, or ask about them in several questions.</source>
            <translation>这个问题有 {images} 张图片，但一次最多只能发送 {limit} 张。请移除 1 张图片，或分成几个问题来问。</translation>
        </message>
        <message>
            <source>This question has {images} images, but at most {limit} can be sent at once. Remove {count} images, or ask about them in several questions.</source>
            <translation>这个问题有 {images} 张图片，但一次最多只能发送 {limit} 张。请移除 {count} 张图片，或分成几个问题来问。</translation>
        </message>
        <message>
            <source>Type a question (or list fields to extract) for the batch.</source>
            <translation>请为批量处理输入一个问题（或列出要提取的字段）。</translation>
        </message>
        <message>
            <source>Unknown provider “{provider}”. Choose one of: {names}.</source>
            <translation>未知的服务商“{provider}”。请从以下服务商中选择：{names}。</translation>
        </message>
        <message>
            <source>Vision Desktop cannot create its folder {folder} (that place cannot be written to).</source>
            <translation>Vision Desktop 无法创建它的文件夹 {folder}（该位置无法写入）。</translation>
        </message>
        <message>
            <source>Vision Desktop cannot create its folder {folder} (that place cannot be written to); set {variable} to a folder you can write to.</source>
            <translation>Vision Desktop 无法创建它的文件夹 {folder}（该位置无法写入）；请将 {variable} 设为一个可以写入的文件夹。</translation>
        </message>
        <message>
            <source>Vision Desktop cannot create its folder {folder} (the disk is full).</source>
            <translation>Vision Desktop 无法创建它的文件夹 {folder}（磁盘已满）。</translation>
        </message>
        <message>
            <source>Vision Desktop cannot create its folder {folder} (the disk is full); set {variable} to a folder you can write to.</source>
            <translation>Vision Desktop 无法创建它的文件夹 {folder}（磁盘已满）；请将 {variable} 设为一个可以写入的文件夹。</translation>
        </message>
        <message>
            <source>Vision Desktop cannot create its folder {folder} ({blocker} is a file, not a folder).</source>
            <translation>Vision Desktop 无法创建它的文件夹 {folder}（{blocker} 是一个文件，而不是文件夹）。</translation>
        </message>
        <message>
            <source>Vision Desktop cannot create its folder {folder} ({blocker} is a file, not a folder); set {variable} to a folder you can write to.</source>
            <translation>Vision Desktop 无法创建它的文件夹 {folder}（{blocker} 是一个文件，而不是文件夹）；请将 {variable} 设为一个可以写入的文件夹。</translation>
        </message>
        <message>
            <source>Vision Desktop cannot create its folder {folder} ({reason}).</source>
            <translation>Vision Desktop 无法创建它的文件夹 {folder}（{reason}）。</translation>
        </message>
        <message>
            <source>Vision Desktop cannot create its folder {folder} ({reason}); set {variable} to a folder you can write to.</source>
            <translation>Vision Desktop 无法创建它的文件夹 {folder}（{reason}）；请将 {variable} 设为一个可以写入的文件夹。</translation>
        </message>
        <message>
            <source>Vision Desktop cannot create its folders.</source>
            <translation>Vision Desktop 无法创建它的文件夹。</translation>
        </message>
        <message>
            <source>With more than {many} images in one request, each must fit in {edge} × {edge} pixels, and 1 image does not. Remove images until {many} are left, or add them again so they are prepared smaller.</source>
            <translation>一次请求中的图片超过 {many} 张时，每张图片都不能超过 {edge} × {edge} 像素，而有 1 张图片超出了。请移除图片直到只剩 {many} 张，或重新添加这些图片，让它们按更小的尺寸处理。</translation>
        </message>
        <message>
            <source>With more than {many} images in one request, each must fit in {edge} × {edge} pixels, and {count} images do not. Remove images until {many} are left, or add them again so they are prepared smaller.</source>
            <translation>一次请求中的图片超过 {many} 张时，每张图片都不能超过 {edge} × {edge} 像素，而有 {count} 张图片超出了。请移除图片直到只剩 {many} 张，或重新添加这些图片，让它们按更小的尺寸处理。</translation>
        </message>
        <message>
            <source>appearance</source>
            <translation>外观</translation>
        </message>
        <message>
            <source>base URL</source>
            <translation>接口地址</translation>
        </message>
        <message>
            <source>certificate file</source>
            <translation>证书文件</translation>
        </message>
        <message>
            <source>currency</source>
            <translation>货币</translation>
        </message>
        <message>
            <source>history retention</source>
            <translation>历史记录保留天数</translation>
        </message>
        <message>
            <source>input price</source>
            <translation>输入价格</translation>
        </message>
        <message>
            <source>language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>learned parameters</source>
            <translation>已记住的参数</translation>
        </message>
        <message>
            <source>maximum number of tokens</source>
            <translation>最大 Token 数</translation>
        </message>
        <message>
            <source>missing from the answer</source>
            <translation>回答中缺少此项</translation>
        </message>
        <message>
            <source>model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>model profile</source>
            <translation>模型配置</translation>
        </message>
        <message>
            <source>monthly budget</source>
            <translation>每月预算</translation>
        </message>
        <message>
            <source>output price</source>
            <translation>输出价格</translation>
        </message>
        <message>
            <source>prices</source>
            <translation>价格</translation>
        </message>
        <message>
            <source>provider</source>
            <translation>服务商</translation>
        </message>
        <message>
            <source>proxy</source>
            <translation>代理</translation>
        </message>
        <message>
            <source>recent models</source>
            <translation>最近使用的模型</translation>
        </message>
        <message>
            <source>streaming</source>
            <translation>流式输出</translation>
        </message>
        <message>
            <source>system prompt</source>
            <translation>系统提示词</translation>
        </message>
        <message>
            <source>temperature</source>
            <translation>温度</translation>
        </message>
        <message>
            <source>text size</source>
            <translation>文字大小</translation>
        </message>
        <message>
            <source>the answer holds no JSON object</source>
            <translation>回答中没有 JSON 对象</translation>
        </message>
        <message>
            <source>tiles</source>
            <translation>切分成小块</translation>
        </message>
        <message>
            <source>timeout</source>
            <translation>超时</translation>
        </message>
        <message>
            <source>{host} refused the connection. Check the base URL (and the port, if it has one).</source>
            <translation>{host} 拒绝了连接。请检查接口地址（如果带有端口号，也请检查端口号）。</translation>
        </message>
        <message>
            <source>{host} took too long to send "{name}". Try again later.</source>
            <translation>{host} 发送“{name}”的时间过长。请稍后再试。</translation>
        </message>
        <message>
            <source>{minutes} minutes</source>
            <translation>{minutes} 分钟</translation>
        </message>
        <message>
            <source>{name} could not be written. Check that the folder exists, that you can write to it and that the file is not open in another program.</source>
            <translation>无法写入 {name}。请检查文件夹是否存在、您是否有写入权限，以及该文件是否在其他程序中打开。</translation>
        </message>
        <message>
            <source>{name} is not a batch this app can continue. Delete it to start the batch over.</source>
            <translation>{name} 不是本应用可以继续的批量处理。请删除它，重新开始批量处理。</translation>
        </message>
        <message>
            <source>{name} is too large to send ({size} as text, at most {limit}). Remove it and add it again so it is prepared smaller.</source>
            <translation>{name} 太大，无法发送（转为文本后 {size}，最多 {limit}）。请移除后重新添加，让它按更小的尺寸处理。</translation>
        </message>
        <message>
            <source>{name}: the output must end in .csv, .xlsx or .jsonl.</source>
            <translation>{name}：输出文件的扩展名必须是 .csv、.xlsx 或 .jsonl。</translation>
        </message>
        <message>
            <source>{path} was not found. Check the path and try again.</source>
            <translation>找不到 {path}。请检查路径后重试。</translation>
        </message>
        <message>
            <source>{reason} (asking again failed: {error})</source>
            <translation>{reason}（再次询问失败：{error}）</translation>
        </message>
        <message>
            <source>{seconds} second</source>
            <translation>{seconds} 秒</translation>
        </message>
        <message>
            <source>{seconds} seconds</source>
            <translation>{seconds} 秒</translation>
        </message>
        <message>
            <source>{value} is not a date</source>
            <translation>{value} 不是日期</translation>
        </message>
        <message>
            <source>{value} is not a date (write it YYYY-MM-DD)</source>
            <translation>{value} 不是日期（请写成 YYYY-MM-DD）</translation>
        </message>
        <message>
            <source>{value} is not a number</source>
            <translation>{value} 不是数字</translation>
        </message>
        <message>
            <source>{value} is not a real date</source>
            <translation>{value} 不是一个存在的日期</translation>
        </message>
        <message>
            <source>{value} is not yes or no</source>
            <translation>{value} 不是“是”或“否”</translation>
        </message>
        <message>
            <source>“{text}” is not a web address. Enter something like https://www.anyfast.ai/v1.</source>
            <translation>“{text}”不是网址。请输入类似 https://www.anyfast.ai/v1 的地址。</translation>
        </message>
    </context>
    <context>
        <name>export</name>
        <message>
            <source>Answer — {details}</source>
            <translation>回答 — {details}</translation>
        </message>
        <message>
            <source>Batch</source>
            <translation>批量处理</translation>
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
            <source>Currency</source>
            <translation>货币</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Error:</source>
            <translation>错误：</translation>
        </message>
        <message>
            <source>Instructions (system prompt):</source>
            <translation>指令（系统提示词）：</translation>
        </message>
        <message>
            <source>Instructions:</source>
            <translation>指令：</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Prompt tokens</source>
            <translation>输入 Token</translation>
        </message>
        <message>
            <source>answer</source>
            <translation>回答</translation>
        </message>
        <message>
            <source>complete</source>
            <translation>已完成</translation>
        </message>
        <message>
            <source>completion_tokens</source>
            <translation>输出 Token</translation>
        </message>
        <message>
            <source>error</source>
            <translation>错误</translation>
        </message>
        <message>
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <source>in progress</source>
            <translation>进行中</translation>
        </message>
        <message>
            <source>incomplete (the app stopped)</source>
            <translation>未完成（应用已停止）</translation>
        </message>
        <message>
            <source>prompt_tokens</source>
            <translation>输入 Token</translation>
        </message>
        <message>
            <source>source</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>stopped</source>
            <translation>已停止</translation>
        </message>
        <message>
            <source>{count} turn(s), started {date}, {tokens} tokens. Exported from Vision Desktop.</source>
            <translation>共 {count} 轮对话，开始于 {date}，共 {tokens} 个 Token。由 Vision Desktop 导出。</translation>
        </message>
        <message>
            <source>{count} turn(s), started {date}. Exported from Vision Desktop.</source>
            <translation>共 {count} 轮对话，开始于 {date}。由 Vision Desktop 导出。</translation>
        </message>
        <message>
            <source>{number}. Question</source>
            <translation>{number}. 问题</translation>
        </message>
        <message>
            <source>{seconds} s</source>
            <translation>{seconds} 秒</translation>
        </message>
        <message>
            <source>{total} tokens ({prompt} in, {completion} out)</source>
            <translation>{total} 个 Token（输入 {prompt}，输出 {completion}）</translation>
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
    <context>
        <name>status</name>
        <message>
            <source>+1 earlier image</source>
            <translation>另有 1 张之前的图片</translation>
        </message>
        <message>
            <source>+{count} earlier images</source>
            <translation>另有 {count} 张之前的图片</translation>
        </message>
        <message>
            <source>1 PDF page</source>
            <translation>1 页 PDF</translation>
        </message>
        <message>
            <source>1 image</source>
            <translation>1 张图片</translation>
        </message>
        <message>
            <source>1 image from earlier questions is sent again with this one.</source>
            <translation>之前的问题中有 1 张图片会随这个问题再次发送。</translation>
        </message>
        <message>
            <source>1 row</source>
            <translation>1 行</translation>
        </message>
        <message>
            <source>Anthropic (OpenAI-compatible)</source>
            <translation>Anthropic（兼容 OpenAI）</translation>
        </message>
        <message>
            <source>Claude Opus 4.7 and later (2576 px)</source>
            <translation>Claude Opus 4.7 及更新版本（2576 px）</translation>
        </message>
        <message>
            <source>Connection lost, retrying in {seconds} s ({attempt} of {attempts})</source>
            <translation>连接已断开，{seconds} 秒后重试（第 {attempt} 次，共 {attempts} 次）</translation>
        </message>
        <message>
            <source>Custom</source>
            <translation>自定义</translation>
        </message>
        <message>
            <source>Estimate {estimated} tokens, reported {reported}</source>
            <translation>预计 {estimated} 个 Token，实际报告 {reported} 个</translation>
        </message>
        <message>
            <source>Estimate {estimated} tokens, reported {reported} ({difference} %)</source>
            <translation>预计 {estimated} 个 Token，实际报告 {reported} 个（{difference} %）</translation>
        </message>
        <message>
            <source>Estimate {estimated} tokens; the relay reported no usage</source>
            <translation>预计 {estimated} 个 Token；中转服务没有报告用量</translation>
        </message>
        <message>
            <source>GPT-4o / GPT-4.1 (512-px tiles)</source>
            <translation>GPT-4o / GPT-4.1（512 px 分块）</translation>
        </message>
        <message>
            <source>GPT-4o mini (512-px tiles)</source>
            <translation>GPT-4o mini（512 px 分块）</translation>
        </message>
        <message>
            <source>GPT-5 family (32-px patches)</source>
            <translation>GPT-5 系列（32 px 图块）</translation>
        </message>
        <message>
            <source>Images too large for the relay: sending smaller copies…</source>
            <translation>图片对中转服务来说太大：正在发送较小的副本…</translation>
        </message>
        <message>
            <source>New conversation</source>
            <translation>新对话</translation>
        </message>
        <message>
            <source>OpenAI o1 / o3 (512-px tiles)</source>
            <translation>OpenAI o1 / o3（512 px 分块）</translation>
        </message>
        <message>
            <source>Relay busy, retrying in {seconds} s ({attempt} of {attempts})</source>
            <translation>中转服务繁忙，{seconds} 秒后重试（第 {attempt} 次，共 {attempts} 次）</translation>
        </message>
        <message>
            <source>Sending again without what the model refused…</source>
            <translation>正在去掉模型不接受的参数后重新发送…</translation>
        </message>
        <message>
            <source>The answer was cut off at the token limit; raise Max tokens to get more.</source>
            <translation>回答因达到 Token 上限而被截断；调高“最大 Token 数”可获得更多内容。</translation>
        </message>
        <message>
            <source>The model asked to run a tool; this app does not run tools.</source>
            <translation>模型请求运行工具；本应用不运行工具。</translation>
        </message>
        <message>
            <source>The price of {model} is not known, so the cost is not estimated. You can enter it in Settings.</source>
            <translation>不知道 {model} 的价格，因此没有估算费用。您可以在设置中填写价格。</translation>
        </message>
        <message>
            <source>The provider's filter stopped the answer.</source>
            <translation>服务商的内容过滤器中止了回答。</translation>
        </message>
        <message>
            <source>The relay refused the images as too large, so smaller copies were sent (longest side {after} px instead of {before} px).</source>
            <translation>中转服务认为图片太大而拒绝了，因此改为发送较小的副本（最长边 {after} 像素，原为 {before} 像素）。</translation>
        </message>
        <message>
            <source>This conversation is near the upload limit ({count} of {max_images} images, {size} of {max_size} MB). Consider starting a new conversation.</source>
            <translation>此对话已接近上传上限（图片 {count}/{max_images} 张，大小 {size}/{max_size} MB）。建议开始新对话。</translation>
        </message>
        <message>
            <source>This conversation is too large to send again ({count} images, {size} MB; the limit is {max_images} images and {max_size} MB). Start a new conversation.</source>
            <translation>此对话太大，无法再次发送（{count} 张图片，{size} MB；上限为 {max_images} 张图片和 {max_size} MB）。请开始新对话。</translation>
        </message>
        <message>
            <source>This model does not accept a Top P setting; sent without it.</source>
            <translation>此模型不接受 Top P 设置；已去掉该设置后发送。</translation>
        </message>
        <message>
            <source>This model does not accept a length limit; sent without it.</source>
            <translation>此模型不接受回答长度上限；已去掉该设置后发送。</translation>
        </message>
        <message>
            <source>This model does not accept a request for token counts while streaming; sent without it.</source>
            <translation>此模型不接受在流式输出时统计 Token 数的请求；已去掉该请求后发送。</translation>
        </message>
        <message>
            <source>This model does not accept a temperature; sent without it.</source>
            <translation>此模型不接受温度设置；已去掉该设置后发送。</translation>
        </message>
        <message>
            <source>This model does not accept the “{parameter}” setting; sent without it.</source>
            <translation>此模型不接受“{parameter}”设置；已去掉该设置后发送。</translation>
        </message>
        <message>
            <source>This model takes its length limit as “{replacement}” instead of “{parameter}”; sent that way.</source>
            <translation>此模型的回答长度上限参数是“{replacement}”，而不是“{parameter}”；已按此发送。</translation>
        </message>
        <message>
            <source>Too many requests, retrying in {seconds} s ({attempt} of {attempts})</source>
            <translation>请求过多，{seconds} 秒后重试（第 {attempt} 次，共 {attempts} 次）</translation>
        </message>
        <message>
            <source>Too many requests: waiting {seconds} s, then sending {count} at a time</source>
            <translation>请求过多：等待 {seconds} 秒，之后每次同时发送 {count} 个</translation>
        </message>
        <message>
            <source>Waiting for the answer…</source>
            <translation>正在等待回答…</translation>
        </message>
        <message>
            <source>about {cost} before the answers</source>
            <translation>约 {cost}（不含回答）</translation>
        </message>
        <message>
            <source>about {tokens} prompt tokens</source>
            <translation>约 {tokens} 个输入 Token</translation>
        </message>
        <message>
            <source>added /v1</source>
            <translation>添加了 /v1</translation>
        </message>
        <message>
            <source>added https://</source>
            <translation>添加了 https://</translation>
        </message>
        <message>
            <source>colours converted to sRGB</source>
            <translation>颜色已转换为 sRGB</translation>
        </message>
        <message>
            <source>compressed harder (JPEG quality {quality}) to fit the size limit</source>
            <translation>为满足大小上限已加大压缩（JPEG 质量 {quality}）</translation>
        </message>
        <message>
            <source>converted from 16-bit to 8-bit</source>
            <translation>已从 16 位转换为 8 位</translation>
        </message>
        <message>
            <source>converted from 32-bit floating point to 8-bit</source>
            <translation>已从 32 位浮点转换为 8 位</translation>
        </message>
        <message>
            <source>converted from 32-bit to 8-bit</source>
            <translation>已从 32 位转换为 8 位</translation>
        </message>
        <message>
            <source>converted from CMYK</source>
            <translation>已从 CMYK 转换</translation>
        </message>
        <message>
            <source>converted from {format}</source>
            <translation>已从 {format} 转换</translation>
        </message>
        <message>
            <source>environment variable {name}</source>
            <translation>环境变量 {name}</translation>
        </message>
        <message>
            <source>first frame of an animation</source>
            <translation>取动画的第一帧</translation>
        </message>
        <message>
            <source>first page only</source>
            <translation>仅第一页</translation>
        </message>
        <message>
            <source>given directly</source>
            <translation>直接提供</translation>
        </message>
        <message>
            <source>location data removed</source>
            <translation>已删除位置信息</translation>
        </message>
        <message>
            <source>made smaller ({width}×{height}) to fit the size limit</source>
            <translation>为满足大小上限已缩小（{width}×{height}）</translation>
        </message>
        <message>
            <source>metadata removed</source>
            <translation>已删除元数据</translation>
        </message>
        <message>
            <source>no usable system keyring</source>
            <translation>没有可用的系统凭据库</translation>
        </message>
        <message>
            <source>nothing</source>
            <translation>没有内容</translation>
        </message>
        <message>
            <source>page {page} of {count} of the PDF</source>
            <translation>PDF 第 {page} 页（共 {count} 页）</translation>
        </message>
        <message>
            <source>removed the part after ? or #</source>
            <translation>去掉了 ? 或 # 之后的部分</translation>
        </message>
        <message>
            <source>removed the trailing slash</source>
            <translation>去掉了末尾的斜杠</translation>
        </message>
        <message>
            <source>removed {suffix} (the app adds it)</source>
            <translation>去掉了 {suffix}（应用会自动添加）</translation>
        </message>
        <message>
            <source>resized from {width}×{height}</source>
            <translation>已从 {width}×{height} 缩小</translation>
        </message>
        <message>
            <source>rotated upright (EXIF)</source>
            <translation>已按 EXIF 转正</translation>
        </message>
        <message>
            <source>sent as JPEG (quality {quality}): a lossless copy would not fit the size limit</source>
            <translation>以 JPEG 发送（质量 {quality}）：无损副本会超出大小上限</translation>
        </message>
        <message>
            <source>split into {count} tiles (the most), left to right, so that text stays readable (text at {scale} of its size instead of {single_scale})</source>
            <translation>已从左到右切分成 {count} 块（最多块数），以便文字清晰可读（文字为原大小的 {scale}，而不是 {single_scale}）</translation>
        </message>
        <message>
            <source>split into {count} tiles (the most), top to bottom, so that text stays readable (text at {scale} of its size instead of {single_scale})</source>
            <translation>已从上到下切分成 {count} 块（最多块数），以便文字清晰可读（文字为原大小的 {scale}，而不是 {single_scale}）</translation>
        </message>
        <message>
            <source>split into {count} tiles, left to right, so that text stays readable (text at {scale} of its size instead of {single_scale})</source>
            <translation>已从左到右切分成 {count} 块，以便文字清晰可读（文字为原大小的 {scale}，而不是 {single_scale}）</translation>
        </message>
        <message>
            <source>split into {count} tiles, top to bottom, so that text stays readable (text at {scale} of its size instead of {single_scale})</source>
            <translation>已从上到下切分成 {count} 块，以便文字清晰可读（文字为原大小的 {scale}，而不是 {single_scale}）</translation>
        </message>
        <message>
            <source>system keyring</source>
            <translation>系统凭据库</translation>
        </message>
        <message>
            <source>system keyring ({name})</source>
            <translation>系统凭据库（{name}）</translation>
        </message>
        <message>
            <source>this session only</source>
            <translation>仅限本次运行</translation>
        </message>
        <message>
            <source>this session only (no system keyring)</source>
            <translation>仅限本次运行（没有系统凭据库）</translation>
        </message>
        <message>
            <source>through the proxy {proxy}, certificate verified</source>
            <translation>经由代理 {proxy}，证书已验证</translation>
        </message>
        <message>
            <source>through the proxy {proxy}, certificate verified (with the extra certificate)</source>
            <translation>经由代理 {proxy}，证书已验证（使用了额外证书）</translation>
        </message>
        <message>
            <source>through the proxy {proxy}, unencrypted (http://)</source>
            <translation>经由代理 {proxy}，未加密（http://）</translation>
        </message>
        <message>
            <source>without a proxy, certificate verified</source>
            <translation>未使用代理，证书已验证</translation>
        </message>
        <message>
            <source>without a proxy, certificate verified (with the extra certificate)</source>
            <translation>未使用代理，证书已验证（使用了额外证书）</translation>
        </message>
        <message>
            <source>without a proxy, unencrypted (http://)</source>
            <translation>未使用代理，未加密（http://）</translation>
        </message>
        <message>
            <source>{count} PDF pages</source>
            <translation>{count} 页 PDF</translation>
        </message>
        <message>
            <source>{count} bytes</source>
            <translation>{count} 字节</translation>
        </message>
        <message>
            <source>{count} images</source>
            <translation>{count} 张图片</translation>
        </message>
        <message>
            <source>{count} images from earlier questions are sent again with this one.</source>
            <translation>之前的问题中有 {count} 张图片会随这个问题再次发送。</translation>
        </message>
        <message>
            <source>{count} rows</source>
            <translation>{count} 行</translation>
        </message>
        <message>
            <source>{images} and {pages}</source>
            <translation>{images}和 {pages}</translation>
        </message>
        <message>
            <source>{megapixels} MP</source>
            <translation>{megapixels} 百万像素</translation>
        </message>
        <message>
            <source>{name} and {count} more</source>
            <translation>{name} 及另外 {count} 张图片</translation>
        </message>
        <message>
            <source>{name} is small ({width} × {height} pixels); the model may not read it well.</source>
            <translation>{name} 尺寸较小（{width} × {height} 像素），模型可能看不清楚。</translation>
        </message>
        <message>
            <source>{name}, page {page}</source>
            <translation>{name} 第 {page} 页</translation>
        </message>
        <message>
            <source>{size} upload</source>
            <translation>上传 {size}</translation>
        </message>
        <message>
            <source>≈ {tokens} tokens</source>
            <translation>≈ {tokens} 个 Token</translation>
        </message>
    </context>
</TS>
