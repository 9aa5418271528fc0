// "Baca juga" in the body editor: a block that refers to another published article by its id.
// The page renders it with that article's current title and address (news/body.py); the
// title and link stored with it are for the editor and for feed readers.
import { Node, gettext } from "django-prose-editor/editor"

function pickArticle(pickerUrl) {
  return new Promise((resolve) => {
    const picker = window.open(pickerUrl, "_blank", "width=800,height=600")
    if (!picker) {
      resolve(null)
      return
    }
    const receive = (event) => {
      if (event.origin !== window.location.origin || event.source !== picker) {
        return
      }
      window.removeEventListener("message", receive)
      resolve(event.data && event.data.readAlso)
    }
    window.addEventListener("message", receive)
  })
}

export const ReadAlso = Node.create({
  name: "readAlso",
  group: "block",
  atom: true,
  draggable: true,

  addOptions() {
    return { pickerUrl: null }
  },

  addAttributes() {
    return {
      article: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-read-also"),
        renderHTML: (attributes) => ({ "data-read-also": attributes.article }),
      },
      title: {
        default: "",
        parseHTML: (element) => element.textContent.trim(),
        renderHTML: () => ({}),
      },
      href: {
        default: "",
        parseHTML: (element) => element.querySelector("a")?.getAttribute("href") || "",
        renderHTML: () => ({}),
      },
    }
  },

  parseHTML() {
    return [{ tag: "aside[data-read-also]" }]
  },

  renderHTML({ node, HTMLAttributes }) {
    return ["aside", HTMLAttributes, ["a", { href: node.attrs.href }, node.attrs.title]]
  },

  addCommands() {
    return {
      insertReadAlso:
        () =>
        ({ editor }) => {
          pickArticle(this.options.pickerUrl).then((chosen) => {
            if (chosen) {
              editor.chain().focus().insertContent({ type: this.name, attrs: chosen }).run()
            }
          })
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "readAlso",
      groups: "nodes",
      button: buttons.material("article", gettext("Read also")),
      command(editor) {
        editor.commands.insertReadAlso()
      },
    })
  },
})
